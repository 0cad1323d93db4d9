//! Worksheets in the sample practice. About half the caseload works with them through the
//! middle of the course: communication analyses about one person at sessions 4, 6 and 9, in
//! which the habit of taking for granted that the other person understood fades while the need
//! behind the exchange comes to be met; a role play rehearsing the first, with role reversal
//! and a planned attempt; a work-at-home task made from the second; for some a decision
//! analysis, its review recorded or still due today; an amendment here and there, and one
//! analysis begun in the latest session and still a draft.
//!
//! What is said depends on the client's problem area (for a role transition, on the kind of
//! change), with two accounts of each. The worksheets draw on a seed of their own, so the rest
//! of the sample is the same with them or without.

use super::{ago, ahead};
use crate::clock::Clock;
use crate::error::Result;
use crate::ids::{ClientId, GoalId, PersonId, SessionId, WorksheetId};
use crate::record::areas::{self, AreaDetails, TransitionType};
use crate::record::vocabulary::ProblemArea;
use crate::sessions::tasks::{self, TaskInput, TaskStatus};
use crate::worksheets::{
    self, Alternative, CommunicationAnalysis, CommunicationProblem, DecisionAnalysis,
    DecisionOption, FollowUpInput, NeedMet, ProblemSeen, RolePart, RolePlay, Run, Speaker, Turn,
    WorksheetContent, WorksheetInput, WorksheetKind, WorksheetSection, WorksheetStart,
};
use chrono::NaiveDate;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rusqlite::{Connection, OptionalExtension};

use CommunicationProblem::{
    AmbiguousNonverbal, AssumedUnderstanding, AssumedUnderstood, IndirectWords, Silence,
};
use Speaker::{Client as C, Other as O};

/// One turn: who spoke, the words, the tone and what was done ("" for none). `{name}` is the
/// person the exchange was with, `{lost}` the person who died.
type Line = (Speaker, &'static str, &'static str, &'static str);

/// One exchange gone over in a session.
struct Exchange {
    setting: &'static str,
    turns: &'static [Line],
    meant: &'static str,
    heard: &'static str,
    response: &'static str,
    felt: &'static str,
    other_felt: &'static str,
    effect: &'static str,
    /// The problems seen, each with the turn (counted from 1) it showed in, or 0.
    problems: &'static [(CommunicationProblem, u32)],
    /// Other ways to say it, with what the client expects would follow.
    alternatives: [(&'static str, &'static str); 2],
    /// 1 or 2.
    chosen: u32,
    /// What came of it, told at the next session (empty for the third, which still waits).
    result: &'static str,
}

/// The role play rehearsing the first exchange's chosen words.
struct Rehearsal {
    goal: &'static str,
    /// As themselves, in role reversal, as themselves again.
    runs: [&'static str; 3],
    worked: &'static str,
    change: &'static str,
    phrases: &'static str,
    outcome: &'static str,
}

struct Decision {
    problem: &'static str,
    /// (option, pros, cons)
    options: [(&'static str, &'static str, &'static str); 3],
    /// 1 to 3.
    chosen: u32,
    steps: &'static str,
    obstacles: &'static str,
    outcome: &'static str,
}

/// One client's account across the course.
struct Story {
    /// Whom the exchanges are with, as the inventory names the relationship.
    with: &'static str,
    exchanges: [Exchange; 3],
    rehearsal: Rehearsal,
    /// The task and how it went.
    task: (&'static str, &'static str),
    /// Remembered after the first analysis was signed.
    amendment: &'static str,
    decision: Decision,
    /// The first two turns of an exchange begun in the latest session.
    next: [&'static str; 2],
}

const CHORES: Story = Story {
    with: "partner",
    exchanges: [
        Exchange {
            setting: "Sunday evening in the kitchen, after a weekend of doing the washing and the \
                      shopping alone while {name} watched the football.",
            turns: &[
                (
                    C,
                    "Looks like I'm doing the dishes again, then.",
                    "flat, half joking",
                    "banging the pans into the sink",
                ),
                (O, "I said I'd do them later.", "irritated", "did not look up from the phone"),
                (C, "Fine. Don't worry about it.", "clipped", "turned away"),
                (O, "What's wrong now?", "exasperated", ""),
                (C, "Nothing. Forget it.", "", "went upstairs and shut the door"),
            ],
            meant: "That I am worn out and need {name} to share the weekend jobs without my \
                    having to ask every time.",
            heard: "A dig about the dishes. {name} felt criticised and got defensive.",
            response: "Irritation, then a puzzled 'what's wrong now?'; {name} stayed downstairs \
                       for the rest of the evening.",
            felt: "Resentful and invisible during it; tearful and low in bed afterwards, with a \
                   headache.",
            other_felt: "Probably got at and confused: {name} could not tell what the problem \
                         was.",
            effect: "Barely spoke on Monday. Another row added to the pile that never gets \
                     settled.",
            problems: &[(IndirectWords, 1), (AssumedUnderstood, 3), (Silence, 5)],
            alternatives: [
                (
                    "I'm exhausted. Could you do the dishes tonight and take the shopping next \
                     weekend?",
                    "{name} might grumble but would know exactly what is being asked; likely to \
                     say yes.",
                ),
                (
                    "Can we sit down tonight and sort out who does what at weekends?",
                    "A bigger conversation; good in the long run, but may feel like an ambush on \
                     a Sunday night.",
                ),
            ],
            chosen: 1,
            result: "Asked for the dishes plainly on Wednesday. {name} did them without a fuss \
                     and said 'you only had to say'. Felt lighter that evening, if a little \
                     stung by the 'only'.",
        },
        Exchange {
            setting: "Friday night; {name} came home an hour late from work without texting, and \
                      dinner had gone cold.",
            turns: &[
                (O, "Sorry, got caught up. Is there any of that left?", "cheerful", ""),
                (C, "It's in the oven. It's been in there an hour.", "cool", "arms folded"),
                (O, "You could have eaten without me.", "", ""),
                (C, "I did.", "", "kept eyes on the television"),
                (O, "Right. Brilliant.", "sarcastic", "took the plate upstairs"),
            ],
            meant: "That I was worried, and felt unimportant when no message came; I wanted a \
                    text next time.",
            heard: "A telling-off for being late, and that the dinner mattered more than {name} \
                    did.",
            response: "Sarcasm, then ate upstairs. Later that evening {name} did say sorry for \
                       not texting.",
            felt: "Hurt and angry at first; a little better when the apology came, but the \
                   point about texting was never made.",
            other_felt: "Guilty about being late, then defensive at the cool welcome.",
            effect: "Patched up by bedtime, but the real request went unsaid.",
            problems: &[(AssumedUnderstood, 2), (AmbiguousNonverbal, 4)],
            alternatives: [
                (
                    "I was worried when I didn't hear from you. Can you text me if you're going \
                     to be late?",
                    "Clear and not blaming; {name} would probably apologise and agree.",
                ),
                (
                    "I'm glad you're home. I'm a bit upset about tonight; can we talk once \
                     you've eaten?",
                    "A softer start that gives {name} time to settle before the talk.",
                ),
            ],
            chosen: 1,
            result: "Said it the next time {name} was late. {name} apologised and has texted \
                     twice since. Mood better for the rest of that week.",
        },
        Exchange {
            setting: "Saturday morning over breakfast: the weekly planning talk agreed in \
                      session.",
            turns: &[
                (
                    C,
                    "I'd like us to split the shopping. Could you do the big shop on Thursdays?",
                    "steady",
                    "",
                ),
                (O, "Thursdays are hard with five-a-side. What about Sunday morning?", "", ""),
                (C, "Sunday works. And I'll do the midweek top-up.", "", ""),
                (O, "Deal. Do you want me to take the bins as well?", "", "smiling"),
                (C, "Yes please. Thank you, that really helps.", "warm", "a hand on {name}'s arm"),
            ],
            meant: "That I need help with the shopping, and I'm willing to find a day that suits \
                    us both.",
            heard: "A clear request {name} could say yes to.",
            response: "Offered another day, and the bins besides.",
            felt: "Nervous at the start, then relieved and close; mood stayed up most of the \
                   weekend.",
            other_felt: "Pleased to be asked plainly, by {name}'s own account.",
            effect: "Felt like a team for the first time in months.",
            problems: &[(AssumedUnderstanding, 2)],
            alternatives: [
                (
                    "Thank you. Can we keep this Saturday talk going every week?",
                    "{name} likely to agree; keeps the planning a habit rather than a one-off.",
                ),
                (
                    "I nearly gave up when you said Thursdays were hard. I'm glad I waited.",
                    "More open; might lead to talking about how the old rows used to go.",
                ),
            ],
            chosen: 1,
            result: "",
        },
    ],
    rehearsal: Rehearsal {
        goal: "Ask {name} directly for help at weekends, without hinting or going quiet.",
        runs: [
            "Started well, then turned it into a joke when the therapist, as {name}, said 'I \
             said I'd do them later'.",
            "Playing {name}, noticed how hard it was to know what was wanted from the hint: 'I'd \
             just want to be told.'",
            "Kept to the plain request and repeated it calmly when put off. No sarcasm.",
        ],
        worked: "Saying 'I'm exhausted' first; keeping the request to one thing; looking at \
                 {name} while saying it.",
        change: "Leave off the 'as usual' at the end; choose a calm moment, not straight after \
                 the match.",
        phrases: "\"I'm exhausted. Could you do the dishes tonight?\"\n\"I'm not having a go, \
                  I'm asking for help.\"",
        outcome: "Had the conversation on Wednesday evening and used both phrases. {name} agreed \
                  and the dishes were done. Less anxious than in the first run of the role \
                  play.",
    },
    task: (
        "Make one plain request of {name} each day this week, and note the answer.",
        "Did it on five days; {name} said yes to four of them.",
    ),
    amendment: "The client remembered that before turn 1 {name} had asked 'do you want a \
                hand?' and got no answer.",
    decision: Decision {
        problem: "Whether to suggest couples' counselling to {name}, or keep working on things \
                  at home for now.",
        options: [
            (
                "Suggest couples' counselling now",
                "A neutral place to talk; {name} has said the rows are wearing too.",
                "Cost and a waiting list; {name} may hear it as 'things are really bad'.",
            ),
            (
                "Keep the weekly planning talk for another month, then decide",
                "Already helping; no cost; keeps things in our own hands.",
                "Slower; the old rows could come back under stress.",
            ),
            (
                "Say nothing and hope things settle",
                "No risk of a row now.",
                "What happened before: things go quiet and nothing changes.",
            ),
        ],
        chosen: 2,
        steps: "Keep the Saturday talk; note each week whether it happened and how it felt; \
                raise counselling at the review if it stalls.",
        obstacles: "Busy weekends; {name}'s football; tiredness making it easy to skip.",
        outcome: "The planning talk happened three weeks out of four. Decided counselling is not \
                  needed for now; will raise it if the rows return.",
    },
    next: [
        "Can we talk about the summer before the plans get made for us?",
        "Mum's already asked. I said we'd probably go to theirs.",
    ],
};

const EVENINGS: Story = Story {
    with: "partner",
    exchanges: [
        Exchange {
            setting: "Tuesday evening; had cooked a special meal for no particular reason, and \
                      {name} brought the laptop to the table.",
            turns: &[
                (C, "Busy day?", "pointed", "looking at the laptop"),
                (O, "Mad. I just need to finish this one thing.", "", "kept typing"),
                (C, "Of course you do.", "", "sighed and pushed the plate away"),
                (O, "What?", "puzzled", ""),
                (C, "Nothing. Enjoy your dinner.", "", "took the plate to the sofa"),
                (O, "Okay...", "confused", ""),
            ],
            meant: "That I miss our evenings, and made the meal to have some time with {name}.",
            heard: "A mood about work. {name} did not connect it with the meal at all.",
            response: "Confusion, then back to the laptop; the evening passed in different \
                       rooms.",
            felt: "Lonely, and foolish for having made the effort; flat all the next day.",
            other_felt: "Probably puzzled, and a little defensive about having to work.",
            effect: "More distance. The thought 'I don't matter to {name}' fed the low mood.",
            problems: &[(AssumedUnderstood, 1), (AmbiguousNonverbal, 3), (Silence, 5)],
            alternatives: [
                (
                    "I made this so we could have an evening together. Could the laptop wait \
                     until we've eaten?",
                    "{name} would know what the meal was for; likely to close the laptop, if \
                     reluctantly.",
                ),
                (
                    "I've been missing time with you. Can we keep one evening a week free for \
                     each other?",
                    "Gets to the wider pattern; might lead to planning a regular evening.",
                ),
            ],
            chosen: 2,
            result: "Asked for one evening a week on Sunday. {name} said yes and suggested \
                     Thursdays. The first Thursday went well; felt hopeful for the first time \
                     in a while.",
        },
        Exchange {
            setting: "Thursday, the agreed evening; {name} took a work call twenty minutes \
                      into it.",
            turns: &[
                (O, "Sorry, I have to take this, it's my manager.", "", "already standing up"),
                (C, "Go on then.", "flat", "did not look up"),
                (O, "I'll only be ten minutes.", "", ""),
                (C, "Take as long as you like.", "sarcastic", ""),
                (O, "Are you annoyed? I said I'll be quick.", "uncertain", ""),
                (C, "I'm fine.", "", "shrugged"),
            ],
            meant: "That our evening matters, and I was disappointed to have it interrupted.",
            heard: "Annoyance {name} could not place, though {name} did ask about it.",
            response: "Asked whether the client was annoyed; came back within ten minutes and \
                       switched the phone off.",
            felt: "Disappointed and prickly; softened when {name} came back, but cross with \
                   self for 'I'm fine'.",
            other_felt: "Torn between the manager and the evening; anxious about getting it \
                         wrong.",
            effect: "The evening recovered. Noticed that {name} was trying.",
            problems: &[(AssumedUnderstood, 2), (IndirectWords, 4)],
            alternatives: [
                (
                    "I'm disappointed; this is our evening. Could you ring back in an hour?",
                    "{name} might be able to; at the least would know it mattered.",
                ),
                (
                    "You asked if I was annoyed: yes, a bit. It matters to me that Thursdays \
                     stay ours.",
                    "An honest answer to {name}'s own question; invites a proper conversation.",
                ),
            ],
            chosen: 2,
            result: "Said it the next morning. {name} has told the manager that Thursday \
                     evenings are off; no calls on the two Thursdays since.",
        },
        Exchange {
            setting: "Saturday morning; {name} asked about plans for the day.",
            turns: &[
                (O, "Fancy doing something today?", "", ""),
                (
                    C,
                    "I'd love to. Could we walk up to the reservoir, just the two of us?",
                    "warm",
                    "",
                ),
                (O, "Sounds good. I'll even leave my phone in the car.", "teasing", "grinning"),
                (C, "I'd like that, actually.", "laughing", ""),
                (O, "Noted.", "", "a mock salute"),
            ],
            meant: "That I want time with {name} and I'm glad to be asked.",
            heard: "Just that; {name} picked up the point about the phone as well.",
            response: "Agreed straight away, and made a joke of the phone.",
            felt: "Warm; a bit exposed saying 'I'd like that'. A good day.",
            other_felt: "Relaxed and pleased.",
            effect: "Closer; laughed together for the first time in weeks.",
            problems: &[(AssumedUnderstanding, 3)],
            alternatives: [
                (
                    "Thank you for leaving the phone. It made the day for me.",
                    "{name} would know what made the difference and is likely to do it again.",
                ),
                (
                    "Could we make a walk our Saturday thing?",
                    "Builds a routine; {name} likes a plan.",
                ),
            ],
            chosen: 1,
            result: "",
        },
    ],
    rehearsal: Rehearsal {
        goal: "Ask {name} for one evening a week together, without sighing or hinting.",
        runs: [
            "Rushed the words and looked away; when the therapist, as {name}, said 'I'm working \
             for us, you know', the client backed off.",
            "As {name}, felt accused by the sighing version; the plain version was easy to say \
             yes to.",
            "Held eye contact, said it slowly, and answered 'I know you are, and I still miss \
             you' when put off.",
        ],
        worked: "Starting with 'I've been missing you' rather than a complaint; staying with it \
                 when put off.",
        change: "Choose a time when the laptop is closed; take a breath before starting.",
        phrases: "\"I've been missing time with you.\"\n\"I know you're working hard, and I \
                  still miss you.\"",
        outcome: "Had the talk on a walk on Sunday afternoon. {name} listened and suggested \
                  Thursdays. 'I still miss you' got a hug.",
    },
    task: (
        "Tell {name} one thing you enjoyed about your time together, each day this week.",
        "Managed most days; {name} has started doing the same.",
    ),
    amendment: "The client remembered that before turn 1 {name} had said 'this smells amazing' \
                and the client did not answer.",
    decision: Decision {
        problem: "Whether to take the promotion that means more late evenings, when time \
                  with {name} is already short.",
        options: [
            (
                "Take the promotion",
                "More money and recognition; had wanted it for years.",
                "Two late evenings a week, just as things with {name} improve.",
            ),
            (
                "Turn it down for now and ask to be considered next year",
                "Protects the evenings; less pressure while mood recovers.",
                "May not be offered again; could breed resentment.",
            ),
            (
                "Take it, and agree with {name} which evenings stay free",
                "The job and protected time both.",
                "Depends on the new manager; risk of slipping back into old habits.",
            ),
        ],
        chosen: 3,
        steps: "Talk it over with {name} on Thursday; ask the manager about flexibility; decide \
                by the end of the month.",
        obstacles: "The manager's answer; fear of seeming ungrateful; {name}'s own long hours.",
        outcome: "Took the promotion with Thursdays protected. A month in, the evening has \
                  held every week.",
    },
    next: ["Your sister rang again about the weekend.", "And? You know what she's like."],
};

const NEW_BABY: Story = Story {
    with: "partner",
    exchanges: [
        Exchange {
            setting: "The 3am feed; the baby had been awake on and off since midnight and {name} \
                      was asleep.",
            turns: &[
                (O, "Is the baby all right?", "sleepy", "half asleep, not sitting up"),
                (C, "Fine. Go back to sleep.", "tight", ""),
                (O, "Okay. Wake me if you need me.", "", "turned over"),
                (
                    C,
                    "Yeah, sure.",
                    "sarcastic, under the breath",
                    "sighed loudly and switched the big light on",
                ),
                (O, "What's the matter?", "irritated", ""),
                (C, "Nothing. Just sleep.", "", "turned back to the baby"),
            ],
            meant: "That I am at the end of my rope and need {name} to take one of the night \
                    feeds.",
            heard: "That everything was under control, and then an odd burst of temper.",
            response: "Went back to sleep. In the morning {name} asked 'what was all that \
                       about?'",
            felt: "Alone and resentful during it; in the morning, guilty and sure of failing as \
                   a parent.",
            other_felt: "Confused, probably, and unsure whether help was wanted.",
            effect: "A tense morning. Felt further apart, and surer that asking would be \
                     pointless.",
            problems: &[(IndirectWords, 2), (AssumedUnderstood, 4), (AmbiguousNonverbal, 4)],
            alternatives: [
                (
                    "I'm exhausted. Can you do the 3am feed on weeknights so I can sleep until \
                     six?",
                    "{name} would know exactly what is needed; likely to agree, perhaps with a \
                     question about work.",
                ),
                (
                    "I'm not coping with the nights. Can we sit down tomorrow and plan them \
                     together?",
                    "Opens a bigger talk; risk of it being put off.",
                ),
            ],
            chosen: 1,
            result: "Asked on Saturday. {name} said 'why didn't you say?' and has done the \
                     weeknight 3am feed since Monday. Slept five hours straight twice.",
        },
        Exchange {
            setting: "Sunday evening, after a visit from {name}'s mother, who took over the \
                      baby's bath and commented on the routine.",
            turns: &[
                (O, "That went well, didn't it? Mum loves helping.", "pleased", ""),
                (
                    C,
                    "Mm. She certainly had a lot to say.",
                    "dry",
                    "busy tidying, not facing {name}",
                ),
                (O, "She's only trying to help.", "defensive", ""),
                (C, "I know. I just thought you'd notice.", "", ""),
                (O, "Notice what?", "", ""),
                (C, "Doesn't matter. I'm going to bed.", "", "left the room"),
            ],
            meant: "That the comments about the routine hurt, and I wanted {name} to back me \
                    up.",
            heard: "A complaint about {name}'s mother.",
            response: "Defended the mother at first; later came upstairs to ask again, and heard \
                       part of it.",
            felt: "Undermined and tearful; relieved when {name} came up, but had only said \
                   half of it.",
            other_felt: "Caught in the middle, wanting them both to get on.",
            effect: "Better than the old pattern of days of silence, but still not said in full.",
            problems: &[(IndirectWords, 2), (AssumedUnderstood, 4), (Silence, 6)],
            alternatives: [
                (
                    "When your mum corrected the routine I felt undermined. I'd like you to back \
                     me up next time.",
                    "{name} may feel awkward but would know what is wanted; likely to agree.",
                ),
                (
                    "I'm glad your mum helps. Could you tell her we're doing the routine our \
                     way?",
                    "Starts with the good; easier for {name} to hear without defending her.",
                ),
            ],
            chosen: 2,
            result: "Said it on Tuesday. {name} rang the mother that week, and the next visit \
                     passed without comments about the routine.",
        },
        Exchange {
            setting: "Wednesday evening, planning the weekend; wanted a morning out to meet a \
                      friend from work.",
            turns: &[
                (
                    C,
                    "Could you have the baby on Saturday morning, so I can meet a friend from work for coffee?",
                    "steady",
                    "",
                ),
                (O, "Saturday? I was going to the gym.", "", ""),
                (C, "Could you go in the afternoon instead? It would really help me.", "", ""),
                (O, "Yeah, fine. Go, you need it.", "warm", "smiled"),
                (C, "Thank you. I do.", "", ""),
            ],
            meant: "That I need a morning to myself, and someone outside the house to talk to.",
            heard: "A clear request with a time attached.",
            response: "Moved the gym and encouraged the coffee.",
            felt: "Anxious asking; relieved and a little proud. The coffee itself lifted mood \
                   for the weekend.",
            other_felt: "Glad to be asked and able to help.",
            effect: "Closer; {name} has since offered another Saturday.",
            problems: &[(AssumedUnderstanding, 2)],
            alternatives: [
                (
                    "Thank you for moving the gym. Could we make it a fortnightly thing?",
                    "{name} likely to agree; builds a routine of time outside the home.",
                ),
                (
                    "It felt good to ask you straight out. I want to keep doing that.",
                    "Names the change; {name} may say it helps them too.",
                ),
            ],
            chosen: 1,
            result: "",
        },
    ],
    rehearsal: Rehearsal {
        goal: "Ask {name} to take the weeknight 3am feed, plainly and without apologising.",
        runs: [
            "Began with 'sorry, I know you're working'; the therapist, as {name}, picked up the \
             apology and asked whether it was really a problem.",
            "As {name}, heard how 'fine' at 3am sounded as if no help was wanted.",
            "Dropped the apology, said 'I'm exhausted' and the request, and held steady when \
             asked about work mornings.",
        ],
        worked: "Starting with 'I'm exhausted'; naming the exact feed and the nights.",
        change: "No apology first; choose the daytime, not 3am.",
        phrases: "\"I'm exhausted. Can you do the 3am feed on weeknights?\"\n\"I'm asking \
                  because I need it, not because you've done anything wrong.\"",
        outcome: "Asked over breakfast on Saturday, using the first phrase almost word for word. \
                  {name} agreed straight away.",
    },
    task: (
        "Ask {name} for one specific thing each day, with a time attached, and note the answer.",
        "Asked four times: three yeses and one 'not today, tomorrow', which happened.",
    ),
    amendment: "The client remembered that earlier that evening {name} had offered to take the \
                night feed and was told 'I'll be fine'.",
    decision: Decision {
        problem: "Whether to go back to work full time, part time, or extend the leave.",
        options: [
            (
                "Return full time in the spring, as planned",
                "Income; colleagues; feeling competent again.",
                "Nursery costs; little time with the baby; worried about coping while mood is \
                 still low.",
            ),
            (
                "Ask to return three days a week",
                "A foot in work and time at home; the manager has agreed part time for others.",
                "Less money; may be seen as less committed.",
            ),
            (
                "Extend the leave by three months",
                "More time to recover; no rush with childcare.",
                "Money is tight; fear of losing confidence about going back.",
            ),
        ],
        chosen: 2,
        steps: "Talk the money through with {name}; email the manager to ask for a meeting; \
                visit two nurseries.",
        obstacles: "The manager's reply; nursery places; guilt about using childcare.",
        outcome: "The manager agreed three days a week for six months, and a nursery place is \
                  found. Nervous, but feels more in control.",
    },
    next: [
        "Can we talk about your mum coming to stay next month?",
        "She's already booked the train.",
    ],
};

const AFTER_WORK: Story = Story {
    with: "partner",
    exchanges: [
        Exchange {
            setting: "Six o'clock; {name} home from work after the client had spent the whole \
                      day alone in the house.",
            turns: &[
                (O, "Hiya. What did you get up to today?", "breezy", ""),
                (C, "Not much.", "flat", "did not get up from the chair"),
                (O, "You could have made a start on the garden, like you said.", "", ""),
                (C, "Yes, well.", "", "turned the television up"),
                (O, "I'm only saying.", "hurt", "went into the kitchen"),
            ],
            meant: "That the days feel empty and pointless since leaving work, and I'd like \
                    {name} to understand that.",
            heard: "That the client could not be bothered; {name} heard idleness, and the garden \
                    followed.",
            response: "A suggestion about the garden, then a retreat to the kitchen.",
            felt: "Useless and ashamed, then angry at being managed; low for the rest of the \
                   evening.",
            other_felt: "Worried and helpless, probably; the garden was meant as help.",
            effect: "Both retreated. The evenings have become quiet and separate.",
            problems: &[(AssumedUnderstood, 2), (Silence, 4), (IndirectWords, 0)],
            alternatives: [
                (
                    "Honestly, the day felt long and empty. I'm finding it harder than I \
                     expected without work.",
                    "{name} would understand; likely to sit down and ask more.",
                ),
                (
                    "Could we plan something for tomorrow, so I've got a reason to get going?",
                    "Practical, and {name} likes a plan, but it may not reach the feelings.",
                ),
            ],
            chosen: 1,
            result: "Said it on Monday evening. {name} sat down, said 'I had no idea it was that \
                     hard', and they talked for an hour. Mood better the next day.",
        },
        Exchange {
            setting: "Sunday lunch at the house of {name}'s sister, then the drive home; {name} \
                      had told everyone the client was 'loving the rest'.",
            turns: &[
                (
                    O,
                    "And this one's loving the rest, aren't you?",
                    "jokey",
                    "an arm round the client's shoulders",
                ),
                (C, "Something like that.", "", "a forced smile"),
                (O, "You were quiet today.", "", "in the car on the way home"),
                (C, "I'm fine. Just tired.", "", ""),
                (O, "You'd tell me if something was wrong?", "gentle", ""),
                (C, "It's just... it's not a rest. I miss having somewhere to be.", "quiet", ""),
            ],
            meant: "That 'loving the rest' is not how it feels, and it hurt to hear it said in \
                    front of others.",
            heard: "At first nothing; in the car, part of it.",
            response: "Noticed the quiet and asked gently; listened to the last sentence.",
            felt: "Embarrassed at the table; relieved in the car, though wished it had been said \
                   sooner.",
            other_felt: "Surprised; had thought the joke was kind.",
            effect: "Closer by the evening; {name} apologised for the joke.",
            problems: &[(AssumedUnderstood, 2), (IndirectWords, 4)],
            alternatives: [
                (
                    "It's actually been hard, not restful. Can we not joke about it in front of \
                     people?",
                    "{name} would see it plainly and would probably drop the joke.",
                ),
                (
                    "I'm not fine. The joke hurt today, because I miss work more than I let on.",
                    "Says the feeling sooner; {name} likely to be sorry and ask more.",
                ),
            ],
            chosen: 2,
            result: "Had the fuller talk that week. {name} apologised again and asked what would \
                     help; they agreed a walk together on {name}'s days off.",
        },
        Exchange {
            setting: "Tuesday evening, after the first morning volunteering at the community \
                      garden.",
            turns: &[
                (O, "How was it?", "", ""),
                (
                    C,
                    "Really good. I was nervous, but they've asked me back on Thursday.",
                    "animated",
                    "",
                ),
                (O, "That's brilliant. You look different.", "", "smiling"),
                (C, "I feel different. Thank you for pushing me to ring them.", "", ""),
                (O, "I didn't push! I just gave you the number.", "laughing", ""),
            ],
            meant: "That the morning mattered, and I'm grateful for {name}'s part in it.",
            heard: "Pleasure and thanks.",
            response: "Pleased, and teasing about the 'pushing'.",
            felt: "Proud and hopeful; energy for the rest of the evening.",
            other_felt: "Relieved and glad.",
            effect: "Spent the evening together planning the week.",
            problems: &[(AssumedUnderstanding, 5)],
            alternatives: [
                (
                    "I'd like us to keep Tuesday evenings for hearing about each other's week.",
                    "{name} would like this; it keeps the talking going.",
                ),
                (
                    "I was scared I'd be no use there. It helps to tell you that.",
                    "Shares more of the fear; invites support.",
                ),
            ],
            chosen: 1,
            result: "",
        },
    ],
    rehearsal: Rehearsal {
        goal: "Tell {name} plainly how empty the days feel, instead of 'not much'.",
        runs: [
            "Drifted into listing jobs not done; the therapist, as {name}, offered solutions and \
             the client went quiet.",
            "As {name}, felt shut out by 'not much', and saw that the garden was a guess at what \
             might help.",
            "Started with the feeling, not the jobs, and asked {name} just to listen first.",
        ],
        worked: "Saying 'harder than I expected'; asking to be listened to before any advice.",
        change: "Not the moment {name} walks in: wait until after dinner.",
        phrases: "\"I'm finding it harder than I expected without work.\"\n\"I don't need a fix \
                  yet, just for you to know.\"",
        outcome: "Used both phrases after dinner on Monday. {name} listened without suggesting \
                  anything, then asked what would help.",
    },
    task: (
        "Each evening tell {name} one thing about the day, good or bad, in a full sentence.",
        "Did it most evenings; easier after the first two.",
    ),
    amendment: "The client remembered that {name} had also said 'I worry about you at home all \
                day' before mentioning the garden.",
    decision: Decision {
        problem: "How to give the weekdays a shape now that work has ended.",
        options: [
            (
                "Volunteer two mornings a week at the community garden",
                "Outdoors; people; no pressure; {name} thinks it would suit.",
                "Unpaid; nervous about meeting new people.",
            ),
            (
                "Look for part-time paid work",
                "Money; structure; feeling useful in a familiar way.",
                "Might feel like going backwards; job hunting is draining while low.",
            ),
            (
                "Take an evening class",
                "Learning something new; meeting people.",
                "One evening a week does not fill the days.",
            ),
        ],
        chosen: 1,
        steps: "Ring the garden coordinator on Monday; go for a first visit; review after a \
                month.",
        obstacles: "Nerves about the first morning; bad weather; the old thought 'what's the \
                    point'.",
        outcome: "Volunteering two mornings a week for a month. Enjoys it, has joined the tea \
                  rota and met two neighbours.",
    },
    next: [
        "I was thinking we might go away for a few days in May.",
        "Can we afford it, with you not working?",
    ],
};

const AFTER_MOVE: Story = Story {
    with: "sibling",
    exchanges: [
        Exchange {
            setting: "Sunday phone call with {name}, the first in three weeks; the client had \
                      rung.",
            turns: &[
                (O, "Hi! Sorry, I can't talk long, we're just off out.", "rushed", ""),
                (C, "Oh. That's all right. I just thought I'd ring.", "bright, forced", ""),
                (O, "How's the new place? Settling in?", "", ""),
                (C, "Yes, it's lovely. Everyone's really friendly.", "", ""),
                (O, "Great, I knew you'd be fine. Speak soon!", "", ""),
            ],
            meant: "That I'm lonely here and miss {name}; I wanted a proper talk.",
            heard: "That all was well and a quick call would do.",
            response: "Cheerful reassurance and a quick goodbye.",
            felt: "Empty after the call; cried, and thought 'no one has time for me'.",
            other_felt: "Pleased to hear things were good; no idea anything was wrong.",
            effect: "Feels further away than the miles; less likely to ring next time.",
            problems: &[(AssumedUnderstood, 2), (IndirectWords, 4)],
            alternatives: [
                (
                    "Actually, it's been harder than I let on. Could we have a proper catch-up \
                     this week?",
                    "{name} would likely make time; may be surprised and worried.",
                ),
                (
                    "When's a good time to ring for a longer chat? I miss you.",
                    "Gentle; {name} would probably name a time.",
                ),
            ],
            chosen: 2,
            result: "Texted {name} on Monday. {name} rang back on Wednesday evening and they \
                     talked for forty minutes. Felt less alone for a few days.",
        },
        Exchange {
            setting: "Wednesday video call with {name}, with {name}'s children in the \
                      background.",
            turns: &[
                (O, "You look tired. Everything all right?", "", ""),
                (C, "Just the usual. Work, unpacking.", "", "looked away from the camera"),
                (O, "You'd say if you weren't, wouldn't you?", "", ""),
                (C, "Course.", "light", ""),
                (O, "Only you went very quiet at Christmas, too.", "careful", ""),
                (C, "It's been lonely, if I'm honest.", "quiet", ""),
            ],
            meant: "That I have been lonely and low since the move.",
            heard: "Tiredness at first; by the end, the loneliness.",
            response: "Kept asking, gently, until the client said it.",
            felt: "Ashamed to admit it, then relieved; wished it had come out sooner.",
            other_felt: "Worried; glad to be told.",
            effect: "{name} has rung twice since without being asked.",
            problems: &[(AssumedUnderstood, 2), (IndirectWords, 4)],
            alternatives: [
                (
                    "Not really all right. It's been lonely since the move.",
                    "Said at the first question, and the call could be about what matters.",
                ),
                ("Can I tell you how it's really been?", "Gives {name} a signal to listen."),
            ],
            chosen: 1,
            result: "On the next call said it at the first question. {name} suggested a visit \
                     and has booked train tickets.",
        },
        Exchange {
            setting: "{name}'s visit: the last evening, talking over a takeaway.",
            turns: &[
                (
                    C,
                    "I've loved having you here. It's made me realise how much I miss family.",
                    "warm",
                    "",
                ),
                (O, "Me too. It's been strange without you down the road.", "", ""),
                (C, "Could we make the calls a regular thing? Sunday evenings?", "", ""),
                (O, "Yes. I'm putting it in my phone now.", "", "picked up the phone"),
                (C, "Thank you. It means a lot.", "", "hugged {name}"),
            ],
            meant: "That I miss {name} and want regular contact.",
            heard: "Just that, and that {name} was missed too.",
            response: "Agreed and made it definite.",
            felt: "Sad that the visit was ending, but close and hopeful.",
            other_felt: "Touched; a little sad too.",
            effect: "A standing Sunday call; feels less alone in the new place.",
            problems: &[(AmbiguousNonverbal, 4)],
            alternatives: [
                (
                    "Could you help me think of ways to meet people here?",
                    "{name} is good at this; likely to have ideas.",
                ),
                (
                    "Let's plan your next visit before you go.",
                    "Something to look forward to; {name} would probably agree.",
                ),
            ],
            chosen: 2,
            result: "",
        },
    ],
    rehearsal: Rehearsal {
        goal: "Tell {name} it has been lonely, and ask for a proper catch-up, without 'I'm \
               fine'.",
        runs: [
            "Slipped into 'it's lovely here' when the therapist, as {name}, asked about the new \
             place.",
            "As {name}, could not have guessed anything was wrong from the cheerful version.",
            "Said 'it's been harder than I let on' and asked for a time to talk; voice steady.",
        ],
        worked: "Asking for a time rather than talking there and then; 'I miss you'.",
        change: "Do not open with 'sorry to bother you'.",
        phrases: "\"It's been harder than I let on.\"\n\"When's a good time for a proper \
                  catch-up?\"",
        outcome: "Texted the second phrase, then said the first on the call. {name} asked why \
                  nothing had been said at Christmas, and they talked for an hour.",
    },
    task: (
        "Answer one 'how are you?' honestly this week, from {name} or anyone else.",
        "Did it twice, once with a colleague; both conversations went further than usual.",
    ),
    amendment: "The client remembered that {name} had said 'ring me any time' at the end, which \
                got lost in the goodbye.",
    decision: Decision {
        problem: "Whether to move back closer to family, or give the new town another year.",
        options: [
            (
                "Move back next year",
                "Near {name} and old friends; a place that is known.",
                "Leaving a good job; feels like giving up; housing costs.",
            ),
            (
                "Stay another year and build a life here",
                "The job; the new flat; some early friendships.",
                "The loneliness; long journeys to family.",
            ),
            (
                "Stay, and visit family once a month",
                "Keeps the job and regular contact.",
                "Tiring and costly travel.",
            ),
        ],
        chosen: 3,
        steps: "Book trains for the next three months; join one local group; look again in the \
                spring.",
        obstacles: "Money for trains; low energy at weekends; cancelling when low.",
        outcome: "Visited twice and joined the running club. Decided to stay for now, and to \
                  look again in the spring.",
    },
    next: [
        "I might not make it home for Mum's birthday.",
        "She'll be gutted. You said you'd come.",
    ],
};

const LOSS_SIBLING: Story = Story {
    with: "sibling",
    exchanges: [
        Exchange {
            setting: "Phone call with {name} about what to do with {lost}'s things, two weeks \
                      before the anniversary.",
            turns: &[
                (
                    O,
                    "I thought we could sort the wardrobe next weekend and get it over with.",
                    "businesslike",
                    "",
                ),
                (C, "If you like.", "flat", ""),
                (O, "You don't sound keen.", "", ""),
                (C, "It's fine. Whatever's easiest.", "", "a long pause first"),
                (O, "Right, Saturday then. I'll bring bags.", "", ""),
            ],
            meant: "That I'm not ready to give {lost}'s things away, and want to do it slowly, \
                    together.",
            heard: "Agreement, if a reluctant one.",
            response: "Set a date and offered to bring bags.",
            felt: "Panicky and sick after the call; could not sleep; angry with {name}, then \
                   guilty for it.",
            other_felt: "Probably relieved to have a plan; {name} copes by getting things done.",
            effect: "Dreading the weekend; avoiding {name}'s calls since.",
            problems: &[(AssumedUnderstood, 2), (IndirectWords, 4), (Silence, 0)],
            alternatives: [
                (
                    "I'm not ready to clear everything yet. Could we start with one drawer and \
                     keep some things?",
                    "{name} might be frustrated, but would likely agree to go slower.",
                ),
                (
                    "Can we talk about how we're each doing, before we do the wardrobe?",
                    "Opens up the grief between them; {name} may find it hard, or may welcome \
                     it.",
                ),
            ],
            chosen: 1,
            result: "Rang {name} on Thursday and said it. {name} said 'I thought you wanted it \
                     done'. They did one drawer together and kept the cardigans.",
        },
        Exchange {
            setting: "Sunday lunch at {name}'s house, the first since the anniversary.",
            turns: &[
                (C, "It's strange without {lost} here.", "quiet", ""),
                (O, "More potatoes?", "", "got up and went to the kitchen"),
                (C, "No, thanks.", "", "quiet for the rest of the meal"),
                (O, "You're quiet today.", "", ""),
                (C, "Just tired.", "", ""),
                (O, "Me too. This time of year is hard.", "soft", ""),
            ],
            meant: "That I miss {lost} and wanted to talk about the day itself.",
            heard: "A sad remark {name} did not know how to answer.",
            response: "Changed the subject at first; later said this time of year is hard.",
            felt: "Shut out at first; moved when {name} said it was hard, but still said little.",
            other_felt: "Sad and awkward; not sure how to talk about it either.",
            effect: "Realised {name} is grieving too; a little closer.",
            problems: &[(AssumedUnderstanding, 2), (Silence, 3), (AssumedUnderstood, 5)],
            alternatives: [
                (
                    "Can we talk about {lost} for a bit? I'd like to remember the good things \
                     together.",
                    "{name} may hesitate, but would probably join in.",
                ),
                (
                    "You said it's hard. It is for me too. What do you miss most?",
                    "Takes up {name}'s own opening; likely to lead to a shared conversation.",
                ),
            ],
            chosen: 2,
            result: "Rang {name} the next week and took up 'this time of year is hard'. They \
                     talked about {lost} for the first time without arguing; both cried a \
                     little.",
        },
        Exchange {
            setting: "Walking with {name} to {lost}'s grave, the client's first visit.",
            turns: &[
                (C, "I've been scared of coming here. I'm glad it's with you.", "shaky", ""),
                (O, "Me too. I come on my own sometimes.", "", ""),
                (C, "I didn't know that. Could we come together next time?", "", ""),
                (O, "I'd like that.", "", "linked arms"),
                (
                    C,
                    "{lost} would have laughed at the two of us, crying in the rain.",
                    "laughing through tears",
                    "",
                ),
            ],
            meant: "That I need {name} to share this with me.",
            heard: "Just that.",
            response: "Told of visiting alone; agreed to come together.",
            felt: "Scared, then sad and close; lighter afterwards.",
            other_felt: "Relieved not to be grieving alone.",
            effect: "The closest they have been since the funeral.",
            problems: &[(AssumedUnderstanding, 2)],
            alternatives: [
                (
                    "Shall we put a date in for {lost}'s birthday in the spring?",
                    "{name} would agree; gives the next visit a shape.",
                ),
                (
                    "I'd like to tell you what I've been finding hardest.",
                    "Deepens the sharing; {name} likely to listen.",
                ),
            ],
            chosen: 1,
            result: "",
        },
    ],
    rehearsal: Rehearsal {
        goal: "Tell {name} it is too soon to clear {lost}'s things, and ask to go slower.",
        runs: [
            "Started to explain, then said 'it doesn't matter' when the therapist, as {name}, \
             said the house had to be sold.",
            "As {name}, felt the pressure of the sale, and saw how 'if you like' sounded like a \
             yes.",
            "Said it clearly and offered the one-drawer plan; stayed calm when {name} mentioned \
             the estate agent.",
        ],
        worked: "Offering a way forward (one drawer) alongside the 'not yet'.",
        change: "Say 'I'm not ready' early, and without apologising for being upset.",
        phrases: "\"I'm not ready to clear everything yet.\"\n\"Could we start with one drawer, \
                  together?\"",
        outcome: "Used both phrases on the phone on Thursday; {name} agreed to go slowly.",
    },
    task: (
        "Look at one photo of {lost} each day and write a line about it.",
        "Looked at photos on four days and wrote about two. Cried, and felt better afterwards.",
    ),
    amendment: "The client remembered that {name} had also said 'I can't face it on my own', \
                which went unnoticed at the time.",
    decision: Decision {
        problem: "What to do with {lost}'s flat: sell it now, let it, or wait a year.",
        options: [
            (
                "Sell this spring",
                "Settles the estate; {name} wants it done; no upkeep.",
                "Feels too soon; losing the place where the memories are.",
            ),
            (
                "Let it for a year",
                "Time to decide without leaving it empty; some income.",
                "Work to find tenants; strangers in {lost}'s home.",
            ),
            (
                "Keep it empty for a year",
                "No rush; somewhere to go and remember.",
                "The bills; {name} is against it; puts the grief off rather than facing it.",
            ),
        ],
        chosen: 2,
        steps: "Talk it over with {name} at Sunday lunch; ask a letting agent for a valuation; \
                choose the things to keep first.",
        obstacles: "Disagreeing with {name}; the anniversary falling in the middle; low energy.",
        outcome: "Agreed with {name} to let it for a year; kept the photos and the cardigans. \
                  Feels it was decided together.",
    },
    next: [
        "Do you want to do something for {lost}'s birthday?",
        "I hadn't thought about it. Do you?",
    ],
};

const LOSS_PARTNER: Story = Story {
    with: "partner",
    exchanges: [
        Exchange {
            setting: "Saturday morning; {name} suggested the garden centre, where the client \
                      used to go with {lost}.",
            turns: &[
                (O, "Shall we go to the garden centre? Get you out of the house.", "cheerful", ""),
                (C, "I'd rather not.", "", ""),
                (O, "Come on, it'll do you good.", "", ""),
                (C, "Fine.", "flat", "went to get a coat, tight-lipped"),
                (O, "You could look a bit happier about it.", "joking", ""),
                (C, "Sorry.", "", "silent in the car, looking out of the window"),
            ],
            meant: "That the garden centre was where I went with {lost}, and it is too painful \
                    yet.",
            heard: "That the client was being difficult and needed cheering up.",
            response: "Pressed, then joked about the mood.",
            felt: "Hurt and angry; cried in the toilets at the garden centre; low all weekend.",
            other_felt: "Trying to help; frustrated at getting nowhere.",
            effect: "Surer that {name} doesn't understand; more distant.",
            problems: &[(AssumedUnderstood, 2), (IndirectWords, 4), (Silence, 6)],
            alternatives: [
                (
                    "That's where I used to go with {lost}. I'm not ready for it yet. Could we \
                     go for a walk instead?",
                    "{name} would understand and probably be sorry; a walk together instead.",
                ),
                (
                    "I know you want to cheer me up. Today I'd rather stay in and talk about \
                     {lost}.",
                    "Asks for something harder; {name} may be awkward but could manage it.",
                ),
            ],
            chosen: 1,
            result: "The next Saturday said it before {name} suggested anything. {name} said 'I \
                     didn't realise', and they walked by the river instead.",
        },
        Exchange {
            setting: "An evening at home; {name} said it had been a year, and perhaps it was \
                      time to move on.",
            turns: &[
                (
                    O,
                    "It's been a year now. Maybe it's time to start moving on a bit?",
                    "gentle",
                    "",
                ),
                (C, "Right.", "", "stared at the television"),
                (O, "I don't mean forget. I just hate seeing you like this.", "", ""),
                (C, "You don't get it.", "sharp", ""),
                (O, "Then help me get it.", "upset", ""),
                (C, "I miss {lost} every day. It hasn't stopped.", "crying", ""),
            ],
            meant: "That grief does not keep to a timetable, and I need {name} to be patient \
                    with it.",
            heard: "Anger first; after the last turn, the missing.",
            response: "Asked to be helped to understand; held the client while crying.",
            felt: "Angry, then overwhelmed; relieved afterwards that it was out.",
            other_felt: "Upset and helpless, then closer.",
            effect: "A hard evening that ended closer.",
            problems: &[(Silence, 2), (AssumedUnderstood, 4)],
            alternatives: [
                (
                    "I know you want me to feel better. It's still raw, and I need you to be \
                     patient with me.",
                    "{name} would feel let in rather than pushed away.",
                ),
                (
                    "I don't want to move on yet. I'd like to talk about {lost} sometimes. \
                     Would that be all right?",
                    "A clear request; {name} likely to agree.",
                ),
            ],
            chosen: 2,
            result: "Asked {name} on Sunday whether they could talk about {lost} sometimes. \
                     {name} said yes, and asked to see the old photos.",
        },
        Exchange {
            setting: "Sunday afternoon, looking at old photos of {lost} with {name}.",
            turns: &[
                (C, "This is {lost} at the seaside, the year before the diagnosis.", "", ""),
                (O, "I never saw {lost} looking so well. Tell me about that day?", "", ""),
                (
                    C,
                    "We got soaked and had chips in the car. {lost} laughed all the way home.",
                    "smiling",
                    "",
                ),
                (O, "I'd have liked to know {lost} then.", "", "quiet, looking at the photo"),
                (C, "I'd have liked that too.", "", ""),
            ],
            meant: "That I want {name} to know {lost} through my memories.",
            heard: "Just that; {name} asked for more.",
            response: "Curious and warm.",
            felt: "Sad and happy at once; close.",
            other_felt: "Moved; glad to be let in.",
            effect: "The photos have become something shared rather than hidden in a drawer.",
            problems: &[(AmbiguousNonverbal, 4)],
            alternatives: [
                (
                    "Shall we put this one in a frame?",
                    "{name} would likely say yes; a step away from hiding the photos.",
                ),
                (
                    "Thank you for asking about {lost}. It helps more than you know.",
                    "{name} would know it is welcome to ask again.",
                ),
            ],
            chosen: 2,
            result: "",
        },
    ],
    rehearsal: Rehearsal {
        goal: "Tell {name} why the garden centre is hard, and suggest something else.",
        runs: [
            "Said 'I'd rather not' and stopped; the therapist, as {name}, pressed, and the \
             client gave in.",
            "As {name}, could only guess; wanted to help but had nothing to go on.",
            "Named {lost} and the garden centre, then offered the walk; kept going when told \
             'it'll do you good'.",
        ],
        worked: "Naming {lost}; offering something else to do.",
        change: "Say it before the plan is made, not after.",
        phrases: "\"That's where I used to go with {lost}. I'm not ready yet.\"\n\"Could we go \
                  for a walk instead?\"",
        outcome: "Said it at breakfast the next Saturday. {name} was sorry, and they walked by \
                  the river.",
    },
    task: (
        "Tell {name} one memory of {lost} this week.",
        "Told two; {name} asked questions and wants to hear more.",
    ),
    amendment: "The client remembered that after turn 3 {name} had said 'we don't have to stay \
                long'.",
    decision: Decision {
        problem: "Whether to go back to the choir the client used to go to with {lost}.",
        options: [
            (
                "Go back this term",
                "Friends there; singing used to lift mood.",
                "Reminders of {lost} at every rehearsal; might cry in front of people.",
            ),
            (
                "Join a different choir",
                "A fresh start, still singing.",
                "Strangers; losing the old friends there.",
            ),
            (
                "Wait until after {lost}'s birthday in the spring",
                "Less pressure now.",
                "Avoiding again; the friends may drift away.",
            ),
        ],
        chosen: 1,
        steps: "Message the choir leader; ask a friend there to sit together; have {name} drop \
                the client off at the first rehearsal.",
        obstacles: "Fear of crying; the songs {lost} liked; dark winter evenings.",
        outcome: "Went back three weeks running. Cried at the first rehearsal and was hugged by \
                  two friends; glad to be back.",
    },
    next: [
        "I've been thinking about scattering the rest of the ashes.",
        "Now? I thought you wanted to keep them.",
    ],
};

const FRIEND: Story = Story {
    with: "friend",
    exchanges: [
        Exchange {
            setting: "Text messages: {name} cancelled Friday's coffee, the first plan in months.",
            turns: &[
                (O, "So sorry, something's come up at work. Another time?", "", "by text"),
                (C, "No worries!", "breezy", "by text, with a smiley"),
                (O, "You sure? I feel bad.", "", ""),
                (C, "Honestly it's fine.", "", ""),
                (O, "Hey stranger, how are you?", "", "two weeks later"),
                (C, "Fine thanks, busy.", "", "replied a day later"),
            ],
            meant: "That I was disappointed and had been looking forward to it; I wanted {name} \
                    to rebook.",
            heard: "That it did not matter, and there was no need to rebook.",
            response: "Did not rebook; got in touch two weeks later.",
            felt: "Rejected: 'people don't really want to see me'. Stayed in all weekend.",
            other_felt: "Relieved the client didn't mind; then guilty for going quiet.",
            effect: "Two weeks without contact; the friendship felt thinner.",
            problems: &[(IndirectWords, 2), (AssumedUnderstood, 4), (Silence, 6)],
            alternatives: [
                (
                    "Shame, I was looking forward to it! Could we do Tuesday instead?",
                    "{name} would know it mattered and would probably agree a new day.",
                ),
                (
                    "No problem. Let me know when's good, I'd really like to see you.",
                    "Softer, but leaves it to {name}; less likely to be pinned down.",
                ),
            ],
            chosen: 1,
            result: "When {name} next texted, replied 'I'd love to meet, how about Tuesday?'. \
                     They met on Tuesday and have another date booked.",
        },
        Exchange {
            setting: "At the pub with {name} and two of {name}'s friends; the client hardly \
                      spoke.",
            turns: &[
                (O, "You're quiet tonight. All right?", "", "leaning over"),
                (C, "Yeah, just listening.", "", "arms folded, phone in hand"),
                (O, "We're going on to the quiz after. You coming?", "", ""),
                (C, "I'll probably head off.", "", ""),
                (O, "Oh. Okay, if you're sure.", "disappointed", ""),
                (C, "Maybe next time.", "", "left without saying goodbye to the others"),
            ],
            meant: "That I wanted to join in, but felt out of place with people I didn't know.",
            heard: "That the client was bored, or did not want to be there.",
            response: "Asked kindly, then let the client go; texted later: 'next time, \
                       definitely'.",
            felt: "Anxious and on the edge of things; relief on leaving, then lonely and \
                   regretful at home.",
            other_felt: "Disappointed; perhaps a little hurt.",
            effect: "{name} is still keen; the client feels awkward about the others.",
            problems: &[(AmbiguousNonverbal, 2), (AssumedUnderstood, 4)],
            alternatives: [
                (
                    "I find big groups hard, but I'd like to come to the quiz. Can I sit next \
                     to you?",
                    "{name} would understand and look out for the client; more likely to enjoy \
                     it.",
                ),
                (
                    "I'm a bit shy with new people. Could we do something, just us two, next \
                     week?",
                    "Keeps contact going in an easier setting.",
                ),
            ],
            chosen: 1,
            result: "Went to the next quiz and told {name} beforehand. Sat next to {name}, \
                     answered two questions, and stayed to the end.",
        },
        Exchange {
            setting: "The client rang {name} to suggest a walk at the weekend.",
            turns: &[
                (
                    C,
                    "Hi, it's me. I wondered if you fancied a walk on Sunday?",
                    "a bit nervous",
                    "",
                ),
                (O, "Oh, lovely! Sunday's tricky. Saturday?", "", ""),
                (C, "Saturday's good. Ten o'clock at the park gate?", "", ""),
                (O, "Perfect. I've missed our chats.", "", ""),
                (C, "Me too. See you then.", "pleased", ""),
            ],
            meant: "That I'd like to see {name}, and I'm making the first move.",
            heard: "Just that; {name} was pleased.",
            response: "Offered another day straight away.",
            felt: "Nervous dialling; pleased and proud afterwards.",
            other_felt: "Pleased to be asked, and said so.",
            effect: "The first time the client made the plan; feels more equal.",
            problems: &[(AssumedUnderstanding, 2)],
            alternatives: [
                (
                    "Could we make the walk a fortnightly thing?",
                    "{name} likely to agree; regular contact without having to ask each time.",
                ),
                (
                    "I'm glad I rang. I was nervous you'd be busy.",
                    "Shares the worry; {name} may reassure.",
                ),
            ],
            chosen: 1,
            result: "",
        },
    ],
    rehearsal: Rehearsal {
        goal: "Tell {name} the coffee mattered, and suggest a new day, rather than saying it's \
               fine.",
        runs: [
            "Said 'no worries' out of habit as soon as the therapist, as {name}, apologised.",
            "As {name}, took 'no worries' at face value; would not have thought to rebook.",
            "Said 'I was looking forward to it' and named a day; awkward, but did it.",
        ],
        worked: "Naming a day; keeping it light but honest.",
        change: "Do not wait for {name} to make the next move.",
        phrases: "\"I was looking forward to it.\"\n\"How about Tuesday instead?\"",
        outcome: "Texted on Monday using both phrases; {name} replied within the hour and they \
                  met on Tuesday.",
    },
    task: (
        "Make one plan with {name} or another friend this week, with a day and a time.",
        "Made two plans: one happened, one was moved but kept.",
    ),
    amendment: "The client remembered sending a second text, 'Hope work's OK', which {name} \
                answered warmly.",
    decision: Decision {
        problem: "Whether to join the walking group or the library book group, to meet \
                  people.",
        options: [
            (
                "Join the Saturday walking group",
                "Outdoors; talking side by side is easier than face to face; weekly.",
                "A large group; might be left on the edge.",
            ),
            (
                "Join the library book group",
                "Small; something ready to talk about.",
                "Monthly only; worry about not having read enough.",
            ),
            (
                "Neither, and see {name} more often",
                "Familiar and safe.",
                "Leaves everything resting on one friendship.",
            ),
        ],
        chosen: 1,
        steps: "Check the walk times online; ask {name} to come the first time; go three times \
                before judging it.",
        obstacles: "Weather; waking up low on Saturdays; arriving alone.",
        outcome: "Went four Saturdays running. Has a regular walking partner now and swapped \
                  numbers with two people.",
    },
    next: ["I saw you were out with the others on Saturday.", "Yeah, it was a last-minute thing."],
};

const COLLEAGUE: Story = Story {
    with: "colleague",
    exchanges: [
        Exchange {
            setting: "Lunchtime at work; {name} stopped by the client's desk on the way to the \
                      canteen.",
            turns: &[
                (O, "A few of us are going down for lunch. Coming?", "", ""),
                (C, "I've got loads on, sorry.", "", "kept eyes on the screen"),
                (O, "Okay, another time.", "", ""),
                (C, "Yeah, maybe.", "quiet", ""),
                (O, "You missed a good laugh at lunch.", "friendly", "an hour later"),
                (C, "Sounds like it.", "", "turned back to the screen"),
            ],
            meant: "That I'd like to be included, but feel awkward joining a group.",
            heard: "That the client is too busy, and not interested.",
            response: "Left without pressing; mentioned the laugh later.",
            felt: "Left out: 'they only ask to be polite'. Low and heavy all afternoon.",
            other_felt: "Probably turned down; may stop asking.",
            effect: "Distance from the team; eats lunch alone at the desk.",
            problems: &[(AmbiguousNonverbal, 2), (AssumedUnderstood, 4), (Silence, 6)],
            alternatives: [
                (
                    "I'd love to. Give me five minutes to finish this?",
                    "{name} would wait or save a seat; the client is included.",
                ),
                (
                    "Not today, but could you ask me again tomorrow? I'd like to come.",
                    "{name} would know the invitation is welcome.",
                ),
            ],
            chosen: 1,
            result: "Said 'give me five minutes' on Thursday. {name} waited, and lunch with \
                     three colleagues was easier than expected.",
        },
        Exchange {
            setting: "Monday morning in the office kitchen; {name} asked about the weekend.",
            turns: &[
                (O, "Good weekend?", "", ""),
                (C, "Quiet. You?", "short", ""),
                (O, "My nephew's party. Chaos. Did you get up to anything?", "", ""),
                (C, "Not really.", "", "shrugged and went back to the desk"),
                (O, "Fair enough.", "slightly awkward", ""),
            ],
            meant: "That the weekend was lonely, and I'd like to get to know {name} better.",
            heard: "That the client did not want to chat.",
            response: "Kept the conversation going once, then let it drop.",
            felt: "Relieved to get away, then cross at having shut it down.",
            other_felt: "A bit awkward; unsure whether the client likes them.",
            effect: "Nothing lost and nothing gained; {name} is still friendly.",
            problems: &[(AssumedUnderstood, 2), (Silence, 4)],
            alternatives: [
                (
                    "Quiet. A bit too quiet, really. What was the party like?",
                    "Honest, and asks back; {name} would likely tell the story and the chat \
                     goes on.",
                ),
                (
                    "I went for a walk on Sunday and the park was lovely. How was the party?",
                    "Shares something small that is easy to build on.",
                ),
            ],
            chosen: 2,
            result: "Shared one thing about the weekend three times that week; two turned into \
                     proper conversations. Had coffee with {name} on Friday.",
        },
        Exchange {
            setting: "The client asked {name} about the team's Friday quiz.",
            turns: &[
                (C, "Are you doing the quiz on Friday? Could I join your team?", "", ""),
                (O, "Yes! We're always short on music questions.", "delighted", ""),
                (C, "I'm not bad on music. I'd like that.", "", ""),
                (O, "Brilliant. I'll tell the others.", "", "a thumbs up across the office later"),
                (C, "Thanks for asking me in.", "", ""),
            ],
            meant: "That I want to be part of the team.",
            heard: "Just that; {name} was glad.",
            response: "Welcomed the client straight away.",
            felt: "Nervous, then pleased; looked forward to Friday all week.",
            other_felt: "Pleased to have another player.",
            effect: "On the quiz team; chats more at work.",
            problems: &[(AssumedUnderstanding, 2)],
            alternatives: [
                (
                    "Could we get lunch before the quiz on Friday?",
                    "Builds on the invitation; {name} likely to say yes.",
                ),
                (
                    "I'm glad you asked me to lunch that first time. It helped.",
                    "Tells {name} the invitations mattered.",
                ),
            ],
            chosen: 2,
            result: "",
        },
    ],
    rehearsal: Rehearsal {
        goal: "Say yes to {name}'s invitation to lunch, or ask to be asked again, rather than \
               'I've got loads on'.",
        runs: [
            "Said 'I've got loads on' out of habit when the therapist, as {name}, asked.",
            "As {name}, heard a brush-off and decided not to ask again; surprised at how it \
             looked from that side.",
            "Said 'give me five minutes' and asked where they usually sit; shoulders relaxed.",
        ],
        worked: "A short answer ready in advance; asking a question back.",
        change: "Look up from the screen when answering.",
        phrases: "\"I'd love to. Give me five minutes?\"\n\"Where do you usually sit?\"",
        outcome: "Used the first phrase on Thursday; {name} waited and they went down together.",
    },
    task: (
        "Share one small thing about your weekend with {name} or another colleague.",
        "Did it three times; two turned into proper conversations.",
    ),
    amendment: "The client remembered that earlier that week {name} had asked 'are you all \
                right? You seem a bit down'.",
    decision: Decision {
        problem: "Whether to ask to work in the office more, instead of three days a week at \
                  home.",
        options: [
            (
                "Come in every day",
                "More contact; lunch with the team; structure.",
                "The commute; tiring; less room to recover on low days.",
            ),
            (
                "Come in three days and work at home two",
                "A balance of contact and rest.",
                "The quiet home days are when mood dips.",
            ),
            (
                "Keep things as they are",
                "Nothing new to manage.",
                "Stays isolated; the lunches only happen twice a week.",
            ),
        ],
        chosen: 2,
        steps: "Ask the manager on Monday; choose the days the team is in; plan something \
                sociable on the home days.",
        obstacles: "The manager's answer; the commute on bad days.",
        outcome: "Now in three days a week, chosen to match the team. Eats with them most days \
                  and rings a friend on the home days.",
    },
    next: [
        "I heard about the leaving do next week.",
        "Oh, are you coming? I didn't think it was your sort of thing.",
    ],
};

/// Why a role play's attempt went unrecorded.
const NOT_ATTEMPTED: &str = "The planned conversation never happened: the weekend's plans \
                             changed, and the work moved on to the next exchange.";

struct Person {
    id: PersonId,
    name: String,
    kind: String,
    deceased: bool,
}

/// The client's own account: by problem area, the kind of change, and `i`.
fn story_for(
    conn: &Connection,
    client: ClientId,
    i: usize,
    area: ProblemArea,
    lost: bool,
) -> Result<&'static Story> {
    let second = (i / 4) % 2 == 1;
    Ok(match area {
        ProblemArea::Grief if lost => {
            if second {
                &LOSS_PARTNER
            } else {
                &LOSS_SIBLING
            }
        }
        ProblemArea::RoleDispute => {
            if second {
                &EVENINGS
            } else {
                &CHORES
            }
        }
        ProblemArea::RoleTransition => {
            let change =
                areas::for_client(conn, client)?.into_iter().find_map(|w| match w.details {
                    AreaDetails::RoleTransition { transition_type, .. } => transition_type,
                    _ => None,
                });
            match change {
                Some(TransitionType::Parenthood) => &NEW_BABY,
                Some(TransitionType::Move | TransitionType::Migration) => &AFTER_MOVE,
                _ => &AFTER_WORK,
            }
        }
        _ => {
            if second {
                &COLLEAGUE
            } else {
                &FRIEND
            }
        }
    })
}

fn some(text: String) -> Option<String> {
    (!text.is_empty()).then_some(text)
}

/// The analysis of one exchange at its stage of the course: 0, 1 or 2.
fn analysis(
    ex: &Exchange,
    stage: usize,
    exchange_on: NaiveDate,
    rng: &mut ChaCha8Rng,
    fill: &dyn Fn(&str) -> String,
) -> CommunicationAnalysis {
    let lift: i64 = rng.gen_range(0..=1);
    let (need_met, mood_before, mood_after) = match stage {
        0 => (NeedMet::No, 3 + lift, 1 + lift),
        1 => (NeedMet::Partly, 4 + lift, 4 + lift),
        _ => (NeedMet::Yes, 5 + lift, 7 + lift),
    };
    CommunicationAnalysis {
        exchange_on: Some(exchange_on.to_string()),
        setting: some(fill(ex.setting)),
        turns: ex
            .turns
            .iter()
            .zip(1u32..)
            .map(|(&(speaker, words, tone, non_verbal), key)| Turn {
                key,
                speaker,
                words: fill(words),
                tone: some(fill(tone)),
                non_verbal: some(fill(non_verbal)),
            })
            .collect(),
        meant: some(fill(ex.meant)),
        heard: some(fill(ex.heard)),
        response: some(fill(ex.response)),
        client_feelings: some(fill(ex.felt)),
        other_feelings: some(fill(ex.other_felt)),
        relationship_effect: some(fill(ex.effect)),
        mood_before: Some(mood_before),
        mood_after: Some(mood_after),
        need_met: Some(need_met),
        problems: ex
            .problems
            .iter()
            .map(|&(problem, turn)| ProblemSeen { problem, turn: (turn > 0).then_some(turn) })
            .collect(),
        alternatives: ex
            .alternatives
            .iter()
            .zip(1u32..)
            .map(|(&(words, outcome), key)| Alternative {
                key,
                words: fill(words),
                predicted_outcome: some(fill(outcome)),
            })
            .collect(),
        chosen: Some(ex.chosen),
    }
}

fn start(
    conn: &Connection,
    clock: &dyn Clock,
    client: ClientId,
    kind: WorksheetKind,
    person: PersonId,
    session: SessionId,
) -> Result<WorksheetId> {
    worksheets::start(
        conn,
        clock,
        client,
        &WorksheetStart { kind, person_id: Some(person), session_id: Some(session) },
    )
}

fn follow_up(
    conn: &Connection,
    clock: &dyn Clock,
    client: ClientId,
    id: WorksheetId,
    session: SessionId,
    text: Option<String>,
    dismissed: Option<&str>,
) -> Result<()> {
    worksheets::record_follow_up(
        conn,
        clock,
        client,
        id,
        &FollowUpInput {
            text,
            dismissed: dismissed.map(str::to_string),
            session_id: Some(session),
        },
    )
}

pub(super) fn worksheets_for(
    conn: &Connection,
    clock: &dyn Clock,
    client: ClientId,
    i: usize,
    area: ProblemArea,
    today: NaiveDate,
) -> Result<()> {
    // About half the caseload works with worksheets.
    if !(i.is_multiple_of(2) || i % 6 == 3) {
        return Ok(());
    }
    let mut stmt = conn.prepare(
        "SELECT s.id, s.held_on FROM sessions s
         WHERE s.client_id = ?1 AND s.attendance = 'attended' AND s.purpose = 'course'
           AND s.held_on <= ?2
         ORDER BY s.held_on, s.id",
    )?;
    let sessions: Vec<(SessionId, NaiveDate)> = stmt
        .query_map(rusqlite::params![client, today.to_string()], |r| {
            Ok((r.get(0)?, r.get::<_, String>(1)?))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?
        .into_iter()
        .filter_map(|(id, day)| Some((id, NaiveDate::parse_from_str(&day, "%Y-%m-%d").ok()?)))
        .collect();
    // Exchanges are gone over at sessions 4, 6 and 9, in the middle of the course; a client
    // who has not reached session 6 has too little to show.
    let at: Vec<usize> = [3, 5, 8].into_iter().filter(|&k| k < sessions.len()).collect();
    if at.len() < 2 {
        return Ok(());
    }
    let mut stmt = conn.prepare(
        "SELECT id, name, relationship_type, deceased FROM people WHERE client_id = ?1
         ORDER BY id",
    )?;
    let people: Vec<Person> = stmt
        .query_map([client], |r| {
            Ok(Person { id: r.get(0)?, name: r.get(1)?, kind: r.get(2)?, deceased: r.get(3)? })
        })?
        .collect::<rusqlite::Result<_>>()?;
    let lost = people.iter().find(|p| p.deceased).map(|p| p.name.clone());
    let story = story_for(conn, client, i, area, lost.is_some())?;
    let living = || people.iter().filter(|p| !p.deceased);
    let Some(person) = living().find(|p| p.kind == story.with).or_else(|| living().next()) else {
        return Ok(());
    };
    let goal: Option<GoalId> =
        conn.query_row("SELECT min(id) FROM goals WHERE client_id = ?1", [client], |r| r.get(0))?;
    let lost = lost.unwrap_or_else(|| person.name.clone());
    let fill = |text: &str| text.replace("{name}", &person.name).replace("{lost}", &lost);
    let links = |session: SessionId, content: WorksheetContent| WorksheetInput {
        person_id: Some(person.id),
        session_id: Some(session),
        area: Some(area),
        goal_id: goal,
        task_id: None,
        role_play_id: None,
        content,
    };
    let mut rng = ChaCha8Rng::seed_from_u64(0x5752_u64 ^ i as u64);

    // The analyses, each signed in its session.
    let mut analyses = Vec::new();
    for (stage, &k) in at.iter().enumerate() {
        let (session, held_on) = sessions[k];
        let exchange_on = ago(held_on, rng.gen_range(1..=4));
        let content = analysis(&story.exchanges[stage], stage, exchange_on, &mut rng, &fill);
        let id =
            start(conn, clock, client, WorksheetKind::CommunicationAnalysis, person.id, session)?;
        let input = links(session, WorksheetContent::CommunicationAnalysis(content));
        worksheets::save_draft(conn, clock, client, id, &input, None)?;
        worksheets::sign(conn, clock, client, id)?;
        analyses.push(id);
    }
    // What came of each is told at the next session; the latest still waits for its result.
    for (stage, (&id, &k)) in analyses.iter().zip(&at).enumerate().take(analyses.len() - 1) {
        let text = fill(story.exchanges[stage].result);
        follow_up(conn, clock, client, id, sessions[k + 1].0, Some(text), None)?;
    }
    if i % 6 == 2 {
        worksheets::amend(
            conn,
            clock,
            client,
            analyses[0],
            WorksheetSection::Exchange,
            &fill(story.amendment),
            "Recalled at the next session",
        )?;
    }

    // The first analysis's chosen words, rehearsed in the same session and tried before the
    // next.
    let r = &story.rehearsal;
    let (attempt_session, attempt_on) = sessions[at[0] + 1];
    let role_play = worksheets::start_role_play_from(conn, clock, client, analyses[0])?;
    let mut input = worksheets::get(conn, clock, client, role_play)?.fields;
    let (situation, opening_lines) = match &input.content {
        WorksheetContent::RolePlay(rp) => (rp.situation.clone(), rp.opening_lines.clone()),
        _ => (None, None),
    };
    let confidence: i64 = rng.gen_range(2..=4);
    let distress: i64 = rng.gen_range(6..=8);
    // (confidence before, after; distress before, after), as steps from the first run.
    let steps = [(0, 2, 0, 1), (2, 3, 1, 2), (3, 5, 2, 4)];
    let count = if i % 4 == 3 { 2 } else { 3 };
    let runs = steps
        .iter()
        .zip(r.runs)
        .zip(1u32..)
        .take(count)
        .map(|((&(cb, ca, db, da), notes), key)| Run {
            key,
            client_played: if key == 2 { RolePart::OtherPerson } else { RolePart::Themselves },
            confidence_before: Some(confidence + cb),
            confidence_after: Some(confidence + ca),
            distress_before: Some(distress - db),
            distress_after: Some(distress - da),
            notes: Some(fill(notes)),
        })
        .collect();
    input.content = WorksheetContent::RolePlay(RolePlay {
        situation,
        goal: Some(fill(r.goal)),
        opening_lines,
        runs,
        what_worked: Some(fill(r.worked)),
        what_to_change: Some(fill(r.change)),
        key_phrases: Some(fill(r.phrases)),
        attempt_on: Some(attempt_on.to_string()),
    });
    worksheets::save_draft(conn, clock, client, role_play, &input, None)?;
    worksheets::sign(conn, clock, client, role_play)?;
    if i.is_multiple_of(8) {
        follow_up(conn, clock, client, role_play, attempt_session, None, Some(NOT_ATTEMPTED))?;
    } else if i % 12 != 9 {
        follow_up(conn, clock, client, role_play, attempt_session, Some(fill(r.outcome)), None)?;
    }

    // A task made from the second analysis, gone over at the next session.
    let (_, second_on) = sessions[at[1]];
    let task = TaskInput {
        due_on: Some(ahead(second_on, 6).to_string()),
        ..TaskInput::new(&fill(story.task.0))
    };
    let task = tasks::from_worksheet(conn, clock, client, analyses[1], &task)?;
    if let Some(&(next, _)) = sessions.get(at[1] + 1) {
        let outcome = fill(story.task.1);
        tasks::review(conn, clock, client, task, next, TaskStatus::Done, None, Some(&outcome))?;
    }

    // A decision for some: while the course runs its review is due now; after, it was held.
    if i.is_multiple_of(3) {
        let running: bool = conn
            .query_row(
                "SELECT 1 FROM courses WHERE client_id = ?1 AND kind <> 'maintenance'
                   AND status = 'active'",
                [client],
                |_| Ok(true),
            )
            .optional()?
            .unwrap_or(false);
        let last = sessions.len() - 1;
        let (made, review) =
            if running { (last - 1, last) } else { (10.min(last - 1), 12.min(last)) };
        let d = &story.decision;
        let kept = if i % 2 == 1 && d.chosen < 3 { 2 } else { 3 };
        let content = DecisionAnalysis {
            problem: Some(fill(d.problem)),
            options: d
                .options
                .iter()
                .zip(1u32..)
                .take(kept)
                .map(|(&(option, pros, cons), key)| DecisionOption {
                    key,
                    option: fill(option),
                    pros: some(fill(pros)),
                    cons: some(fill(cons)),
                })
                .collect(),
            chosen: Some(d.chosen),
            steps: some(fill(d.steps)),
            obstacles: some(fill(d.obstacles)),
            review_on: Some(sessions[review].1.to_string()),
        };
        let session = sessions[made].0;
        let id = start(conn, clock, client, WorksheetKind::DecisionAnalysis, person.id, session)?;
        let input = links(session, WorksheetContent::DecisionAnalysis(content));
        worksheets::save_draft(conn, clock, client, id, &input, None)?;
        worksheets::sign(conn, clock, client, id)?;
        if !running {
            follow_up(conn, clock, client, id, sessions[review].0, Some(fill(d.outcome)), None)?;
        }
    }

    // An exchange begun in the latest session, still a draft.
    if i % 12 == 6 {
        let (session, held_on) = sessions[sessions.len() - 1];
        let content = CommunicationAnalysis {
            exchange_on: Some(ago(held_on, 2).to_string()),
            turns: story
                .next
                .iter()
                .zip([(1u32, C), (2, O)])
                .map(|(words, (key, speaker))| Turn {
                    key,
                    speaker,
                    words: fill(words),
                    tone: None,
                    non_verbal: None,
                })
                .collect(),
            ..CommunicationAnalysis::default()
        };
        let id =
            start(conn, clock, client, WorksheetKind::CommunicationAnalysis, person.id, session)?;
        let input = links(session, WorksheetContent::CommunicationAnalysis(content));
        worksheets::save_draft(conn, clock, client, id, &input, None)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sample_practice_holds_worksheets_across_the_course() {
        let (_t, mut v) = crate::testing::vault();
        crate::sample::populate(&mut v, crate::sample::SampleSpec { clients: 12, seed: 11 })
            .unwrap();
        let clients: Vec<ClientId> = {
            let mut stmt = v.conn().prepare("SELECT id FROM clients ORDER BY id").unwrap();
            stmt.query_map([], |r| r.get(0)).unwrap().collect::<rusqlite::Result<_>>().unwrap()
        };
        let mut full_analyses = 0;
        let mut rehearsed = 0;
        let mut faded = 0;
        let mut drafts = 0;
        for &c in &clients {
            let overview = v.client_worksheets(c).unwrap();
            for line in &overview.worksheets {
                let sheet = worksheets::get(v.conn(), v.clock(), c, line.id).unwrap();
                if let WorksheetContent::CommunicationAnalysis(ca) = &sheet.fields.content {
                    if sheet.signed_at.is_none() {
                        drafts += 1;
                    } else if ca.turns.len() >= 4
                        && ca.alternatives.len() == 2
                        && !ca.problems.is_empty()
                    {
                        full_analyses += 1;
                    }
                }
            }
            rehearsed += overview.role_plays.iter().filter(|r| r.runs.len() >= 2).count();
            let people: std::collections::BTreeSet<PersonId> =
                overview.worksheets.iter().filter_map(|w| w.person_id).collect();
            for p in people {
                let pattern = v.person_worksheets(c, p).unwrap();
                faded += pattern
                    .problems
                    .iter()
                    .filter(|seen| seen.problem == AssumedUnderstood && seen.analyses_since >= 1)
                    .count();
            }
        }
        assert!(full_analyses >= 6, "signed analyses with turns and alternatives: {full_analyses}");
        assert!(rehearsed >= 2, "role plays with several runs: {rehearsed}");
        assert!(faded >= 1, "a problem no longer seen in the latest analysis");
        assert!(drafts >= 1, "an analysis still a draft");
        let today = v.today().unwrap();
        assert!(!today.decision_reviews.is_empty(), "a decision review due on Today");
        let count = |sql: &str| -> i64 { v.conn().query_row(sql, [], |r| r.get(0)).unwrap() };
        assert!(count("SELECT count(*) FROM worksheet_amendments") >= 1);
        assert!(count("SELECT count(*) FROM worksheets WHERE task_id IS NOT NULL") >= 1);
        assert!(
            count("SELECT count(*) FROM worksheets WHERE follow_up_dismissed IS NOT NULL") >= 1
        );
        assert!(
            count(
                "SELECT count(*) FROM worksheets WHERE kind = 'decision_analysis'
                 AND follow_up IS NOT NULL"
            ) >= 1
        );
    }
}
