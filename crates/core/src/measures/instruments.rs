//! The instruments, as data. Item wording ships only where the licence lets it (PHQ-9, GAD-7);
//! every other item carries a short label of our own, and the clinician uses their own copy of
//! the form. Scoring rules, bands and thresholds follow the published sources named in each
//! definition.

use super::definition::{
    Band, ClusterRule, Combine, Definition, FlagRule, Group, Instrument, Item, Rater, RciConstants,
    TotalRule, Values,
};

impl Instrument {
    /// The instrument's definition.
    pub fn definition(self) -> &'static Definition {
        definition(self)
    }

    /// The short name the command line and the CSV use: `phq9`, `gad7`, `epds`, `hamd17`,
    /// `wsas`, `qids`, `pcl5`, `edeq`, `goal`. The display names (`PHQ-9`) and the serde names
    /// are accepted too, in any case.
    pub fn parse(text: &str) -> Option<Instrument> {
        let key: String =
            text.chars().filter(|c| c.is_ascii_alphanumeric()).collect::<String>().to_lowercase();
        Instrument::ALL.into_iter().find(|i| {
            let d = i.definition();
            let name: String = d
                .name
                .chars()
                .filter(|c| c.is_ascii_alphanumeric())
                .collect::<String>()
                .to_lowercase();
            key == d.code || key == name || key == d.code.replace('_', "")
        })
    }
}

pub fn definition(instrument: Instrument) -> &'static Definition {
    match instrument {
        Instrument::Phq9 => &PHQ9,
        Instrument::Gad7 => &GAD7,
        Instrument::Epds => &EPDS,
        Instrument::Hamd17 => &HAMD17,
        Instrument::Wsas => &WSAS,
        Instrument::QidsSr16 => &QIDS,
        Instrument::Pcl5 => &PCL5,
        Instrument::EdeQ => &EDEQ,
        Instrument::GoalRating => &GOAL,
    }
}

const FREQUENCY: &[&str] =
    &["Not at all", "Several days", "More than half the days", "Nearly every day"];
const DIFFICULTY: &[&str] =
    &["Not difficult at all", "Somewhat difficult", "Very difficult", "Extremely difficult"];

const fn worded(number: u8, label: &'static str, text: &'static str) -> Item {
    Item {
        number,
        label,
        text: Some(text),
        values: Values::rating(0, 3),
        options: FREQUENCY,
        unscored: false,
    }
}

const fn labelled(number: u8, label: &'static str, values: Values) -> Item {
    Item { number, label, text: None, values, options: &[], unscored: false }
}

const fn difficulty(number: u8) -> Item {
    Item {
        number,
        label: "How difficult the problems made daily life (not scored)",
        text: Some(
            "If you checked off any problems, how difficult have these problems made it for \
             you to do your work, take care of things at home, or get along with other people?",
        ),
        values: Values::rating(0, 3),
        options: DIFFICULTY,
        unscored: true,
    }
}

const FREE_PHQ: &str = "Free to reproduce, translate, display and distribute; no permission is \
    needed. The item wording is shown.";

static PHQ9: Definition = Definition {
    instrument: Instrument::Phq9,
    code: "phq9",
    name: "PHQ-9",
    measures: "Depression",
    period: "the past 2 weeks",
    rater: Rater::SelfReport,
    stem: Some(
        "Over the last 2 weeks, how often have you been bothered by any of the following problems?",
    ),
    items: &[
        worded(1, "Little interest or pleasure", "Little interest or pleasure in doing things"),
        worded(2, "Feeling down or hopeless", "Feeling down, depressed, or hopeless"),
        worded(3, "Sleep", "Trouble falling or staying asleep, or sleeping too much"),
        worded(4, "Tiredness, little energy", "Feeling tired or having little energy"),
        worded(5, "Appetite", "Poor appetite or overeating"),
        worded(
            6,
            "Feeling bad about oneself",
            "Feeling bad about yourself — or that you are a failure or have let yourself or \
             your family down",
        ),
        worded(
            7,
            "Concentration",
            "Trouble concentrating on things, such as reading the newspaper or watching \
             television",
        ),
        worded(
            8,
            "Slowed down or restless",
            "Moving or speaking so slowly that other people could have noticed? Or the \
             opposite — being so fidgety or restless that you have been moving around a lot \
             more than usual",
        ),
        worded(
            9,
            "Thoughts of death or self-harm",
            "Thoughts that you would be better off dead or of hurting yourself in some way",
        ),
        difficulty(10),
    ],
    total: TotalRule::Sum,
    total_range: (0, 27),
    decimals: 0,
    groups: &[],
    bands: &[
        Band { from: 0, to: 4, label: "Minimal", level: 0 },
        Band { from: 5, to: 9, label: "Mild", level: 1 },
        Band { from: 10, to: 14, label: "Moderate", level: 2 },
        Band { from: 15, to: 19, label: "Moderately severe", level: 3 },
        Band { from: 20, to: 27, label: "Severe", level: 4 },
    ],
    bands_rule: "PHQ-9 severity: 0–4 minimal, 5–9 mild, 10–14 moderate, 15–19 moderately \
        severe, 20–27 severe (Kroenke, Spitzer & Williams 2001)",
    flags: &[FlagRule {
        item: 9,
        at_least: 1,
        label: "Thoughts of death or self-harm",
        rule: "PHQ-9 item 9 above 0: a risk check is needed, whatever the total",
    }],
    cluster_rule: None,
    citation: "Kroenke K, Spitzer RL, Williams JBW. The PHQ-9: validity of a brief depression \
        severity measure. J Gen Intern Med 2001;16(9):606–613.",
    licence: FREE_PHQ,
    rci: Some(RCI_PHQ9),
    handable: true,
};

static GAD7: Definition = Definition {
    instrument: Instrument::Gad7,
    code: "gad7",
    name: "GAD-7",
    measures: "Anxiety",
    period: "the past 2 weeks",
    rater: Rater::SelfReport,
    stem: Some(
        "Over the last 2 weeks, how often have you been bothered by the following problems?",
    ),
    items: &[
        worded(1, "Nervous, anxious, on edge", "Feeling nervous, anxious, or on edge"),
        worded(2, "Cannot stop worrying", "Not being able to stop or control worrying"),
        worded(3, "Worrying about many things", "Worrying too much about different things"),
        worded(4, "Trouble relaxing", "Trouble relaxing"),
        worded(5, "Restless", "Being so restless that it is hard to sit still"),
        worded(6, "Irritable", "Becoming easily annoyed or irritable"),
        worded(7, "Afraid", "Feeling afraid, as if something awful might happen"),
        difficulty(8),
    ],
    total: TotalRule::Sum,
    total_range: (0, 21),
    decimals: 0,
    groups: &[],
    bands: &[
        Band { from: 0, to: 4, label: "Minimal", level: 0 },
        Band { from: 5, to: 9, label: "Mild", level: 1 },
        Band { from: 10, to: 14, label: "Moderate", level: 2 },
        Band { from: 15, to: 21, label: "Severe", level: 4 },
    ],
    bands_rule: "GAD-7 severity: 0–4 minimal, 5–9 mild, 10–14 moderate, 15–21 severe \
        (Spitzer et al. 2006)",
    flags: &[],
    cluster_rule: None,
    citation: "Spitzer RL, Kroenke K, Williams JBW, Löwe B. A brief measure for assessing \
        generalized anxiety disorder: the GAD-7. Arch Intern Med 2006;166(10):1092–1097.",
    licence: FREE_PHQ,
    rci: Some(RCI_GAD7),
    handable: true,
};

/// EPDS items 1, 2 and 4 score from the top option down; the rest are reversed.
const EPDS_UP: Values = Values::Position { scores: &[0, 1, 2, 3] };
const EPDS_DOWN: Values = Values::Position { scores: &[3, 2, 1, 0] };

static EPDS: Definition = Definition {
    instrument: Instrument::Epds,
    code: "epds",
    name: "EPDS",
    measures: "Perinatal depression",
    period: "the past 7 days",
    rater: Rater::SelfReport,
    stem: None,
    items: &[
        labelled(1, "Able to laugh and see the funny side", EPDS_UP),
        labelled(2, "Looking forward to things", EPDS_UP),
        labelled(3, "Blaming oneself without cause", EPDS_DOWN),
        labelled(4, "Anxious or worried for no good reason", EPDS_UP),
        labelled(5, "Scared or panicky for no good reason", EPDS_DOWN),
        labelled(6, "Things getting too much", EPDS_DOWN),
        labelled(7, "So unhappy that sleep is hard", EPDS_DOWN),
        labelled(8, "Sad or miserable", EPDS_DOWN),
        labelled(9, "So unhappy that one cries", EPDS_DOWN),
        labelled(10, "Thoughts of self-harm", EPDS_DOWN),
    ],
    total: TotalRule::Sum,
    total_range: (0, 30),
    decimals: 0,
    groups: &[Group { name: "EPDS-3A (anxiety)", items: &[3, 4, 5], combine: Combine::Sum }],
    bands: &[
        Band { from: 0, to: 9, label: "Depression unlikely", level: 0 },
        Band { from: 10, to: 12, label: "Possible depression", level: 2 },
        Band { from: 13, to: 30, label: "Probable depression", level: 4 },
    ],
    bands_rule: "EPDS: below 10 unlikely, 10–12 possible depression, 13 or more probable \
        depression (Cox, Holden & Sagovsky 1987)",
    flags: &[FlagRule {
        item: 10,
        at_least: 1,
        label: "Thoughts of self-harm",
        rule: "EPDS item 10 above 0: a risk check is needed, whatever the total",
    }],
    cluster_rule: None,
    citation: "Cox JL, Holden JM, Sagovsky R. Detection of postnatal depression: development \
        of the 10-item Edinburgh Postnatal Depression Scale. Br J Psychiatry 1987;150:782–786.",
    licence: "© Royal College of Psychiatrists 1987. Clinicians may copy the form for their own \
        use; republishing its wording needs written permission. Rapport shows its own short \
        labels and the scoring: use your own copy of the form, and enter the position of the \
        ticked option counted from the top (0–3).",
    rci: Some(RCI_EPDS),
    handable: false,
};

const fn hamd(number: u8, label: &'static str, max: i64) -> Item {
    labelled(number, label, Values::rating(0, max))
}

static HAMD17: Definition = Definition {
    instrument: Instrument::Hamd17,
    code: "hamd17",
    name: "HAM-D 17",
    measures: "Depression (clinician-rated)",
    period: "the past week",
    rater: Rater::Clinician,
    stem: None,
    items: &[
        hamd(1, "Depressed mood", 4),
        hamd(2, "Feelings of guilt", 4),
        hamd(3, "Suicide", 4),
        hamd(4, "Insomnia: early in the night", 2),
        hamd(5, "Insomnia: middle of the night", 2),
        hamd(6, "Insomnia: early morning", 2),
        hamd(7, "Work and activities", 4),
        hamd(8, "Retardation", 4),
        hamd(9, "Agitation", 4),
        hamd(10, "Anxiety: psychic", 4),
        hamd(11, "Anxiety: somatic", 4),
        hamd(12, "Somatic symptoms: gastro-intestinal", 2),
        hamd(13, "Somatic symptoms: general", 2),
        hamd(14, "Genital symptoms", 2),
        hamd(15, "Hypochondriasis", 4),
        labelled(
            16,
            "Loss of weight (3 = not assessed)",
            Values::Rating { min: 0, max: 2, not_assessed: Some(3), not_applicable: false },
        ),
        hamd(17, "Insight", 2),
    ],
    total: TotalRule::Sum,
    total_range: (0, 52),
    decimals: 0,
    groups: &[],
    bands: &[
        Band { from: 0, to: 7, label: "No depression", level: 0 },
        Band { from: 8, to: 13, label: "Mild", level: 1 },
        Band { from: 14, to: 18, label: "Moderate", level: 2 },
        Band { from: 19, to: 22, label: "Severe", level: 3 },
        Band { from: 23, to: 52, label: "Very severe", level: 4 },
    ],
    bands_rule: "HAM-D 17 severity: 0–7 none, 8–13 mild, 14–18 moderate, 19–22 severe, 23 or \
        more very severe (Zimmerman et al. 2013)",
    flags: &[FlagRule {
        item: 3,
        at_least: 2,
        label: "Suicide",
        rule: "HAM-D item 3 rated 2 or more: a risk check is needed, whatever the total",
    }],
    cluster_rule: None,
    citation: "Hamilton M. A rating scale for depression. J Neurol Neurosurg Psychiatry \
        1960;23:56–62. Bands: Zimmerman M, Martinez JH, Young D, Chelminski I, Dalrymple K. \
        Severity classification on the Hamilton Depression Rating Scale. J Affect Disord \
        2013;150(2):384–388.",
    licence: "Public domain. Rapport shows short labels; rate from your own copy of the \
        interview guide. On item 16, 3 means not assessed and adds 0.",
    rci: Some(RCI_HAMD),
    handable: false,
};

static WSAS: Definition = Definition {
    instrument: Instrument::Wsas,
    code: "wsas",
    name: "WSAS",
    measures: "Work and social functioning",
    period: "now",
    rater: Rater::SelfReport,
    stem: None,
    items: &[
        labelled(
            1,
            "Ability to work (n/a if retired or not working for reasons unrelated to the \
             problem)",
            Values::Rating { min: 0, max: 8, not_assessed: None, not_applicable: true },
        ),
        labelled(2, "Home management", Values::rating(0, 8)),
        labelled(3, "Social leisure activities", Values::rating(0, 8)),
        labelled(4, "Private leisure activities", Values::rating(0, 8)),
        labelled(5, "Close relationships", Values::rating(0, 8)),
    ],
    total: TotalRule::Sum,
    total_range: (0, 40),
    decimals: 0,
    groups: &[],
    bands: &[
        Band { from: 0, to: 9, label: "Subclinical", level: 0 },
        Band { from: 10, to: 20, label: "Significant impairment", level: 2 },
        Band { from: 21, to: 40, label: "Moderately severe or worse", level: 4 },
    ],
    bands_rule: "WSAS: below 10 subclinical, 10–20 significant impairment, above 20 \
        moderately severe or worse (Mundt et al. 2002)",
    flags: &[],
    cluster_rule: None,
    citation: "Mundt JC, Marks IM, Shear MK, Greist JH. The Work and Social Adjustment Scale: \
        a simple measure of impairment in functioning. Br J Psychiatry 2002;180:461–464.",
    licence: "© I. M. Marks. Rapport shows its own short labels and the scoring; use your own \
        copy of the form.",
    rci: Some(RCI_WSAS),
    handable: false,
};

static QIDS: Definition = Definition {
    instrument: Instrument::QidsSr16,
    code: "qids",
    name: "QIDS-SR16",
    measures: "Depression",
    period: "the past 7 days",
    rater: Rater::SelfReport,
    stem: None,
    items: &[
        labelled(1, "Falling asleep", Values::rating(0, 3)),
        labelled(2, "Sleep during the night", Values::rating(0, 3)),
        labelled(3, "Waking up too early", Values::rating(0, 3)),
        labelled(4, "Sleeping too much", Values::rating(0, 3)),
        labelled(5, "Feeling sad", Values::rating(0, 3)),
        labelled(6, "Decreased appetite", Values::rating(0, 3)),
        labelled(7, "Increased appetite", Values::rating(0, 3)),
        labelled(8, "Decreased weight", Values::rating(0, 3)),
        labelled(9, "Increased weight", Values::rating(0, 3)),
        labelled(10, "Concentration and decisions", Values::rating(0, 3)),
        labelled(11, "View of oneself", Values::rating(0, 3)),
        labelled(12, "Thoughts of death or suicide", Values::rating(0, 3)),
        labelled(13, "General interest", Values::rating(0, 3)),
        labelled(14, "Energy", Values::rating(0, 3)),
        labelled(15, "Feeling slowed down", Values::rating(0, 3)),
        labelled(16, "Feeling restless", Values::rating(0, 3)),
    ],
    total: TotalRule::SumOfDomains,
    total_range: (0, 27),
    decimals: 0,
    groups: &[
        Group { name: "Sleep (highest of 1–4)", items: &[1, 2, 3, 4], combine: Combine::Max },
        Group { name: "Sad mood (5)", items: &[5], combine: Combine::Max },
        Group {
            name: "Appetite or weight (highest of 6–9)",
            items: &[6, 7, 8, 9],
            combine: Combine::Max,
        },
        Group { name: "Concentration (10)", items: &[10], combine: Combine::Max },
        Group { name: "View of self (11)", items: &[11], combine: Combine::Max },
        Group { name: "Thoughts of death or suicide (12)", items: &[12], combine: Combine::Max },
        Group { name: "Interest (13)", items: &[13], combine: Combine::Max },
        Group { name: "Energy (14)", items: &[14], combine: Combine::Max },
        Group { name: "Psychomotor (highest of 15–16)", items: &[15, 16], combine: Combine::Max },
    ],
    bands: &[
        Band { from: 0, to: 5, label: "None", level: 0 },
        Band { from: 6, to: 10, label: "Mild", level: 1 },
        Band { from: 11, to: 15, label: "Moderate", level: 2 },
        Band { from: 16, to: 20, label: "Severe", level: 3 },
        Band { from: 21, to: 27, label: "Very severe", level: 4 },
    ],
    bands_rule: "QIDS-SR16: the total is the sum of nine domains, not of the 16 items; 0–5 \
        none, 6–10 mild, 11–15 moderate, 16–20 severe, 21–27 very severe (Rush et al. 2003)",
    flags: &[FlagRule {
        item: 12,
        at_least: 1,
        label: "Thoughts of death or suicide",
        rule: "QIDS-SR16 item 12 at 1 or more: a risk check is needed, whatever the total",
    }],
    cluster_rule: None,
    citation: "Rush AJ, Trivedi MH, Ibrahim HM, et al. The 16-item Quick Inventory of \
        Depressive Symptomatology (QIDS), clinician rating (QIDS-C), and self-report \
        (QIDS-SR): a psychometric evaluation in patients with chronic major depression. Biol \
        Psychiatry 2003;54(5):573–583.",
    licence: "Described by its authors as freely available. Rapport ships the scoring and short \
        labels; use your own copy of the form.",
    rci: Some(RCI_QIDS),
    handable: false,
};

const fn pcl(number: u8, label: &'static str) -> Item {
    labelled(number, label, Values::rating(0, 4))
}

static PCL5: Definition = Definition {
    instrument: Instrument::Pcl5,
    code: "pcl5",
    name: "PCL-5",
    measures: "PTSD symptoms",
    period: "the past month",
    rater: Rater::SelfReport,
    stem: None,
    items: &[
        pcl(1, "B1 Unwanted memories"),
        pcl(2, "B2 Disturbing dreams"),
        pcl(3, "B3 Reliving it (flashbacks)"),
        pcl(4, "B4 Upset by reminders"),
        pcl(5, "B5 Bodily reactions to reminders"),
        pcl(6, "C6 Avoiding memories, thoughts or feelings"),
        pcl(7, "C7 Avoiding outside reminders"),
        pcl(8, "D8 Gaps in memory of the event"),
        pcl(9, "D9 Strong negative beliefs"),
        pcl(10, "D10 Blaming oneself or others"),
        pcl(11, "D11 Strong negative feelings"),
        pcl(12, "D12 Lost interest in activities"),
        pcl(13, "D13 Feeling distant from others"),
        pcl(14, "D14 Unable to feel positive feelings"),
        pcl(15, "E15 Irritable or angry outbursts"),
        pcl(16, "E16 Risky or self-destructive acts"),
        pcl(17, "E17 On guard, watchful"),
        pcl(18, "E18 Easily startled"),
        pcl(19, "E19 Hard to concentrate"),
        pcl(20, "E20 Trouble sleeping"),
    ],
    total: TotalRule::Sum,
    total_range: (0, 80),
    decimals: 0,
    groups: &[
        Group { name: "B intrusions (1–5)", items: &[1, 2, 3, 4, 5], combine: Combine::Sum },
        Group { name: "C avoidance (6–7)", items: &[6, 7], combine: Combine::Sum },
        Group {
            name: "D mood and thinking (8–14)",
            items: &[8, 9, 10, 11, 12, 13, 14],
            combine: Combine::Sum,
        },
        Group {
            name: "E arousal and reactivity (15–20)",
            items: &[15, 16, 17, 18, 19, 20],
            combine: Combine::Sum,
        },
    ],
    bands: &[
        Band { from: 0, to: 32, label: "Below the threshold of 33", level: 0 },
        Band { from: 33, to: 80, label: "Probable PTSD (total of 33 or more)", level: 4 },
    ],
    bands_rule: "PCL-5: a total of 33 or more suggests probable PTSD (threshold 33, Bovin et \
        al. 2016)",
    flags: &[],
    cluster_rule: Some(ClusterRule {
        label: "Provisional PTSD",
        endorsed_at: 2,
        needs: &[
            ("B intrusions (1–5)", 1),
            ("C avoidance (6–7)", 1),
            ("D mood and thinking (8–14)", 2),
            ("E arousal and reactivity (15–20)", 2),
        ],
        rule: "DSM-5 cluster rule: an item rated 2 or more is endorsed; at least 1 B, 1 C, 2 D \
            and 2 E items endorsed. A high total alone is not enough.",
    }),
    citation: "Weathers FW, Litz BT, Keane TM, Palmieri PA, Marx BP, Schnurr PP. The PTSD \
        Checklist for DSM-5 (PCL-5). National Center for PTSD, 2013. Threshold: Bovin MJ, Marx \
        BP, Weathers FW, et al. Psychometric properties of the PTSD Checklist for DSM-5 \
        (PCL-5) in veterans. Psychol Assess 2016;28(11):1379–1391.",
    licence: "A US government work, free to use. Rapport shows short labels; use your own copy \
        of the form.",
    rci: Some(RCI_PCL5),
    handable: false,
};

const fn ede(number: u8, label: &'static str) -> Item {
    labelled(number, label, Values::rating(0, 6))
}

const fn ede_count(number: u8, label: &'static str, max: i64) -> Item {
    labelled(number, label, Values::Count { max })
}

/// The most times a behaviour may be counted over the 28 days the EDE-Q asks about.
pub const EDEQ_MAX_COUNT: i64 = 999;

static EDEQ: Definition = Definition {
    instrument: Instrument::EdeQ,
    code: "edeq",
    name: "EDE-Q 6.0",
    measures: "Eating-disorder features",
    period: "the past 28 days",
    rater: Rater::SelfReport,
    stem: None,
    items: &[
        ede(1, "Restricting intake to change shape or weight"),
        ede(2, "Long spells without eating"),
        ede(3, "Cutting out foods one likes"),
        ede(4, "Following rules about eating"),
        ede(5, "Wanting an empty stomach"),
        ede(6, "Wanting a flat stomach"),
        ede(7, "Preoccupied with food or calories"),
        ede(8, "Preoccupied with shape or weight"),
        ede(9, "Fear of losing control over eating"),
        ede(10, "Fear of gaining weight"),
        ede(11, "Feeling fat"),
        ede(12, "Strong wish to lose weight"),
        ede_count(13, "Times eating an unusually large amount (count)", EDEQ_MAX_COUNT),
        ede_count(14, "Of those, times with loss of control (count)", EDEQ_MAX_COUNT),
        ede_count(15, "Days with such episodes (count, 0–28)", 28),
        ede_count(16, "Times making oneself sick (count)", EDEQ_MAX_COUNT),
        ede_count(17, "Times taking laxatives to control weight (count)", EDEQ_MAX_COUNT),
        ede_count(18, "Times exercising in a driven way (count)", EDEQ_MAX_COUNT),
        ede(19, "Eating in secret"),
        ede(20, "Guilt about eating"),
        ede(21, "Worried about being seen eating"),
        ede(22, "Weight shaping self-judgement"),
        ede(23, "Shape shaping self-judgement"),
        ede(24, "Upset if weighed weekly"),
        ede(25, "Dissatisfied with weight"),
        ede(26, "Dissatisfied with shape"),
        ede(27, "Uncomfortable seeing own body"),
        ede(28, "Uncomfortable with others seeing one's shape"),
    ],
    total: TotalRule::MeanOfSubscales,
    total_range: (0, 600),
    decimals: 2,
    groups: &[
        Group { name: "Restraint", items: &[1, 2, 3, 4, 5], combine: Combine::Mean },
        Group { name: "Eating concern", items: &[7, 9, 19, 20, 21], combine: Combine::Mean },
        Group {
            name: "Shape concern",
            items: &[6, 8, 10, 11, 23, 26, 27, 28],
            combine: Combine::Mean,
        },
        Group { name: "Weight concern", items: &[8, 12, 22, 24, 25], combine: Combine::Mean },
    ],
    bands: &[],
    bands_rule: "EDE-Q 6.0 has no severity bands: the global score is the mean of the four \
        subscale means; items 13–18 are behaviour counts in no subscale",
    flags: &[],
    cluster_rule: None,
    citation: "Fairburn CG, Beglin SJ. Eating Disorder Examination Questionnaire (EDE-Q 6.0), \
        2008.",
    licence: "© Fairburn & Beglin. Rapport shows its own short labels and the scoring; use your \
        own copy of the form.",
    rci: None,
    handable: false,
};

static GOAL: Definition = Definition {
    instrument: Instrument::GoalRating,
    code: "goal",
    name: "Goal rating",
    measures: "Progress towards one goal",
    period: "now",
    rater: Rater::Clinician,
    stem: None,
    items: &[Item {
        number: 1,
        label: "Progress towards the goal (0 none – 10 fully reached)",
        text: None,
        values: Values::rating(0, 10),
        options: &[],
        unscored: false,
    }],
    total: TotalRule::Single,
    total_range: (0, 10),
    decimals: 0,
    groups: &[],
    bands: &[],
    bands_rule: "A goal rating has no bands: 0 is no progress, 10 the goal fully reached",
    flags: &[],
    cluster_rule: None,
    citation: "Rated with the client in session, against the goal as agreed.",
    licence: "Rapport's own scale.",
    rci: None,
    handable: false,
};

// The Reliable Change Index constants (Jacobson & Truax 1991), each with where its SD and r
// were published. Where a paper publishes an RCI for the instrument, the SD is the one that
// reproduces that published figure with the reliability stated, and the source says so. The
// EDE-Q has none: no reliability for its global score could be confirmed, so no RCI is shown.

const RCI_PHQ9: RciConstants = RciConstants {
    sd: 6.17,
    reliability: 0.851,
    reliability_kind: "Cronbach's alpha",
    source: "Maroufizadeh S et al. The reliability and validity of the PHQ-9 and PHQ-2 in \
        patients with infertility. Reprod Health 2019;16:137 (both figures, n = 539).",
};

const RCI_GAD7: RciConstants = RciConstants {
    sd: 5.59,
    reliability: 0.87,
    reliability_kind: "test-retest",
    source: "Bischoff T, Anderson SR, Heafner J, Tambling R. Establishment of a reliable \
        change index for the GAD-7. Psychol Community Health 2020;8(1):176–187 (r = .87 and a \
        published RCI of 5.59 points; the SD is the one that reproduces it).",
};

const RCI_EPDS: RciConstants = RciConstants {
    sd: 4.0,
    reliability: 0.87,
    reliability_kind: "standardised alpha",
    source: "Matthey S. Calculating clinically significant change in postnatal depression \
        studies using the EPDS. J Affect Disord 2004 (a published RCI of 4 points); r from Cox, \
        Holden & Sagovsky 1987; the SD is the one that reproduces 4 points.",
};

const RCI_HAMD: RciConstants = RciConstants {
    sd: 4.2,
    reliability: 0.789,
    reliability_kind: "Cronbach's alpha, pooled",
    source: "r: Reliability of the Hamilton Rating Scale for Depression: a meta-analysis over \
        49 years. Psychiatry Res 2011;189(1):1–9. SD: baseline of a depression trial, JAMA \
        Psychiatry 2014;71(10):1157–1164 (n = 452; trial entry criteria narrow the SD, so this \
        RCI is on the strict side).",
};

const RCI_WSAS: RciConstants = RciConstants {
    sd: 8.9,
    reliability: 0.73,
    reliability_kind: "test-retest",
    source: "r: Mundt JC et al. Br J Psychiatry 2002;180:461–464. SD: STAR*D entry (n = 2,280), \
        IsHak WW et al. Ther Adv Chronic Dis 2016;7(3):160–169.",
};

const RCI_QIDS: RciConstants = RciConstants {
    sd: 4.8,
    reliability: 0.86,
    reliability_kind: "Cronbach's alpha",
    source: "r: Rush AJ et al. Biol Psychiatry 2003;54(5):573–583. SD: STAR*D entry (n = \
        2,280), IsHak WW et al. Acta Psychiatr Scand 2015;131(1):51–60.",
};

const RCI_PCL5: RciConstants = RciConstants {
    sd: 13.53,
    reliability: 0.84,
    reliability_kind: "test-retest",
    source: "r: Bovin MJ et al. Psychol Assess 2016;28(11):1379–1391 (veterans). Marx BP et \
        al. Psychol Assess 2022;34(2):197–203 published a reliable change of 15 points in \
        veterans; the SD is the one that reproduces it with that r.",
};
