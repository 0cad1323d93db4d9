//! Locking by itself: the idle timer behind auto-lock, and the lock a vault takes when the
//! computer is about to sleep or its screen locks ([`Vault::auto_lock`]).
//!
//! The timer is pure logic over readings the caller supplies; the desktop shell drives it from
//! a background task and locks when it expires.
//!
//! Idle time is measured on the monotonic clock ([`Instant`]), which a changed system time
//! cannot move. On Linux and macOS that clock stops while the computer sleeps, so on its own
//! the timer would wake from a night in a bag exactly where it was. The watcher therefore also
//! hands the timer the wall clock at every tick ([`IdleTimer::tick`]):
//!
//! - Time the wall clock counted between two ticks and the monotonic clock did not is time the
//!   computer was away (asleep, or its clock set forward), and counts as idle time. So a
//!   sleep as long as the auto-lock time expires the timer at the first tick after waking, and
//!   a shorter one adds to the idle time already counted. A gap is counted even when activity
//!   came between the two ticks that frame it: which came first cannot be known, and the
//!   sooner lock is the safe side.
//! - A wall clock that fell behind the monotonic one by the auto-lock time or more between two
//!   ticks (set back, or woken with a wrong clock) leaves the time away unknowable: the timer
//!   expires. A smaller step back is a clock correction and changes nothing.
//!
//! Activity starts the count again, the time away included.

use super::Vault;
use crate::audit::{self, Entry, Event};
use crate::clock::Clock;
use crate::error::Result;
use chrono::{DateTime, Utc};
use std::time::{Duration, Instant};

/// Why a vault locked without being asked to; each is its own entry in the audit trail.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AutoLock {
    /// The idle timer ran out (`lock_idle`).
    Idle,
    /// The computer was about to sleep (`lock_sleep`).
    Sleep,
    /// The screen of the session was locked (`lock_screen`).
    ScreenLocked,
}

impl Vault {
    /// Closes the database and wipes the key, as [`Vault::lock`] does, with the reason the
    /// vault locked by itself in the audit trail. The vault is dropped even if that entry
    /// cannot be written.
    pub fn auto_lock(mut self, why: AutoLock) -> Result<()> {
        let event = match why {
            AutoLock::Idle => return self.lock(true),
            AutoLock::Sleep => Event::SleepLock,
            AutoLock::ScreenLocked => Event::ScreenLock,
        };
        let now = self.clock().now();
        self.write(|tx| audit::append(tx, now, Entry::ok(event)))?;
        // Fold the WAL into the database so no recent page lingers in the side file.
        let _ = self.conn().execute_batch("PRAGMA wal_checkpoint(TRUNCATE);");
        Ok(())
    }
}

#[derive(Debug, Clone)]
pub struct IdleTimer {
    last_activity: Instant,
    timeout: Duration,
    /// Idle time since the last activity that the monotonic clock did not count;
    /// `Duration::MAX` when the wall clock went back so far that it cannot be known.
    unseen: Duration,
    /// Both clocks as read at the previous tick.
    last_tick: Option<(Instant, DateTime<Utc>)>,
}

impl IdleTimer {
    pub fn new(now: Instant, timeout: Duration) -> Self {
        IdleTimer { last_activity: now, timeout, unseen: Duration::ZERO, last_tick: None }
    }

    /// Something the practitioner did: a key press, a click, a command.
    pub fn touch(&mut self, now: Instant) {
        if now > self.last_activity {
            self.last_activity = now;
        }
        self.unseen = Duration::ZERO;
    }

    /// One tick of the watcher: `now` on the monotonic clock and the wall clock's reading.
    /// Counts the time the monotonic clock missed since the previous tick (see the module's
    /// documentation).
    pub fn tick(&mut self, now: Instant, clock: &dyn Clock) {
        let wall = clock.now();
        if let Some((then, then_wall)) = self.last_tick.replace((now, wall)) {
            let counted = now.saturating_duration_since(then);
            match (wall - then_wall).to_std() {
                Ok(passed) => {
                    self.unseen = self.unseen.saturating_add(passed.saturating_sub(counted));
                }
                // The wall clock went back: by how much it fell behind the monotonic clock.
                Err(_) => {
                    let back = (then_wall - wall).to_std().unwrap_or(Duration::MAX);
                    if back.saturating_add(counted) >= self.timeout {
                        self.unseen = Duration::MAX;
                    }
                }
            }
        }
    }

    pub fn set_timeout(&mut self, timeout: Duration) {
        self.timeout = timeout;
    }

    pub fn timeout(&self) -> Duration {
        self.timeout
    }

    /// How long since the last activity, counting the time the monotonic clock missed.
    fn idle(&self, now: Instant) -> Duration {
        now.saturating_duration_since(self.last_activity).saturating_add(self.unseen)
    }

    /// The part of the idle time that the monotonic clock did not count: time the computer was
    /// away since the last activity (`Duration::MAX` when the wall clock fell back too far for
    /// it to be known).
    pub fn time_away(&self) -> Duration {
        self.unseen
    }

    pub fn remaining(&self, now: Instant) -> Duration {
        self.timeout.saturating_sub(self.idle(now))
    }

    pub fn expired(&self, now: Instant) -> bool {
        self.remaining(now).is_zero()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing;

    const MINUTE: Duration = Duration::from_secs(60);

    fn ms(n: i64) -> chrono::Duration {
        chrono::Duration::milliseconds(n)
    }

    #[test]
    fn expires_exactly_at_timeout_and_touch_postpones() {
        let t0 = Instant::now();
        let mut timer = IdleTimer::new(t0, Duration::from_secs(60));
        assert!(!timer.expired(t0 + Duration::from_secs(59)));
        assert!(timer.expired(t0 + Duration::from_secs(60)));
        timer.touch(t0 + Duration::from_secs(30));
        assert!(!timer.expired(t0 + Duration::from_secs(60)));
        assert_eq!(timer.remaining(t0 + Duration::from_secs(60)), Duration::from_secs(30));
        // An older touch never moves activity backwards.
        timer.touch(t0);
        assert!(!timer.expired(t0 + Duration::from_secs(89)));
        assert!(timer.expired(t0 + Duration::from_secs(90)));
    }

    #[test]
    fn shorter_timeout_applies_at_once() {
        let t0 = Instant::now();
        let mut timer = IdleTimer::new(t0, Duration::from_secs(300));
        timer.set_timeout(Duration::from_secs(60));
        assert!(timer.expired(t0 + Duration::from_secs(61)));
    }

    /// A timer ticked once at `t0`, then again at `t0` after the wall clock moved by `jump`
    /// while the monotonic clock stood still, as it does while the computer sleeps.
    fn after_wall_jump(jump: chrono::Duration) -> (IdleTimer, Instant) {
        let t0 = Instant::now();
        let clock = testing::clock();
        let mut timer = IdleTimer::new(t0, MINUTE);
        timer.tick(t0, clock.as_ref());
        clock.advance(jump);
        timer.tick(t0, clock.as_ref());
        (timer, t0)
    }

    #[test]
    fn a_wall_clock_jump_past_the_timeout_expires_it() {
        let (under, t0) = after_wall_jump(ms(59_999));
        assert!(!under.expired(t0), "just under the timeout");
        assert_eq!(under.remaining(t0), Duration::from_millis(1));
        assert_eq!(under.time_away(), Duration::from_millis(59_999));
        let (at, t0) = after_wall_jump(ms(60_000));
        assert!(at.expired(t0), "at the timeout");
        let (over, t0) = after_wall_jump(ms(60_001));
        assert!(over.expired(t0), "just over the timeout");
        let (night, t0) = after_wall_jump(chrono::Duration::hours(9));
        assert!(night.expired(t0), "a night asleep");
    }

    #[test]
    fn time_away_adds_to_the_idle_time_already_counted() {
        let t0 = Instant::now();
        let clock = testing::clock();
        let mut timer = IdleTimer::new(t0, MINUTE);
        // Forty seconds idle, ticking, both clocks together.
        for s in 1..=40 {
            clock.advance(ms(1000));
            timer.tick(t0 + Duration::from_secs(s), clock.as_ref());
        }
        let t40 = t0 + Duration::from_secs(40);
        assert_eq!(timer.remaining(t40), Duration::from_secs(20));
        // Asleep for 19.999 s: the monotonic clock stood still.
        clock.advance(ms(19_999));
        timer.tick(t40, clock.as_ref());
        assert!(!timer.expired(t40));
        assert!(timer.expired(t40 + Duration::from_millis(1)));
    }

    #[test]
    fn clocks_moving_together_add_nothing() {
        let t0 = Instant::now();
        let clock = testing::clock();
        let mut timer = IdleTimer::new(t0, MINUTE);
        timer.tick(t0, clock.as_ref());
        // A tick that came late (the watcher was busy): both clocks counted the same time.
        clock.advance(ms(45_000));
        timer.tick(t0 + Duration::from_secs(45), clock.as_ref());
        assert_eq!(timer.remaining(t0 + Duration::from_secs(45)), Duration::from_secs(15));
        assert_eq!(timer.time_away(), Duration::ZERO);
    }

    #[test]
    fn activity_starts_the_count_again_time_away_included() {
        let (mut timer, t0) = after_wall_jump(ms(50_000));
        assert_eq!(timer.remaining(t0), Duration::from_secs(10));
        timer.touch(t0);
        assert_eq!(timer.remaining(t0), MINUTE);
        // A gap is counted at the tick after it, even when activity came in between.
        let clock = testing::clock();
        let mut timer = IdleTimer::new(t0, MINUTE);
        timer.tick(t0, clock.as_ref());
        clock.advance(chrono::Duration::hours(1));
        timer.touch(t0);
        timer.tick(t0, clock.as_ref());
        assert!(timer.expired(t0));
    }

    #[test]
    fn a_wall_clock_set_back_by_the_timeout_expires_it_a_smaller_step_does_not() {
        let (under, t0) = after_wall_jump(ms(-59_999));
        assert!(!under.expired(t0), "a correction just under the timeout");
        assert_eq!(under.remaining(t0), MINUTE, "and it takes no time off either");
        let (at, t0) = after_wall_jump(ms(-60_000));
        assert!(at.expired(t0), "back by the timeout");
        let (over, t0) = after_wall_jump(ms(-60_001));
        assert!(over.expired(t0), "back by more");
        // Falling behind counts what the monotonic clock measured meanwhile too.
        let t0 = Instant::now();
        let clock = testing::clock();
        let mut timer = IdleTimer::new(t0, MINUTE);
        timer.tick(t0, clock.as_ref());
        clock.advance(ms(-30_000));
        timer.tick(t0 + Duration::from_secs(30), clock.as_ref());
        assert!(timer.expired(t0 + Duration::from_secs(30)));
        assert_eq!(timer.time_away(), Duration::MAX, "unknowable");
        // Activity starts the count again.
        timer.touch(t0 + Duration::from_secs(30));
        assert!(!timer.expired(t0 + Duration::from_secs(30)));
        assert_eq!(timer.time_away(), Duration::ZERO);
    }

    #[test]
    fn each_lock_by_itself_is_audited_with_its_reason() {
        use crate::vault::{DirLock, VaultDir};
        let (tmp, mut vault) = testing::vault();
        let dir = VaultDir::new(tmp.path().join("vault"));
        let passphrase = crate::SecretString::from(testing::PASSPHRASE.to_string());
        for (why, stored) in [
            (AutoLock::Sleep, "lock_sleep"),
            (AutoLock::ScreenLocked, "lock_screen"),
            (AutoLock::Idle, "lock_idle"),
        ] {
            vault.auto_lock(why).unwrap();
            let lock = DirLock::acquire(dir.clone()).unwrap();
            vault = Vault::unlock(&lock, &passphrase, testing::clock()).unwrap();
            let trail = vault.audit_trail().unwrap();
            let names: Vec<String> =
                trail.iter().map(|e| crate::store::text::name(&e.event)).collect();
            assert_eq!(names[names.len() - 2..], [stored, "unlock_ok"], "{why:?}");
        }
    }

    #[test]
    fn a_longer_timeout_is_not_fooled_by_a_short_jump() {
        let t0 = Instant::now();
        let clock = testing::clock();
        let mut timer = IdleTimer::new(t0, 5 * MINUTE);
        timer.tick(t0, clock.as_ref());
        clock.advance(chrono::Duration::minutes(2));
        timer.tick(t0, clock.as_ref());
        assert_eq!(timer.remaining(t0), 3 * MINUTE);
        clock.advance(chrono::Duration::minutes(3));
        timer.tick(t0, clock.as_ref());
        assert!(timer.expired(t0), "two gaps add up");
    }
}
