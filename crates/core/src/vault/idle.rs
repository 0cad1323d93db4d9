//! The idle timer behind auto-lock. Pure logic over instants the caller supplies; the desktop
//! shell drives it from a background task and locks when it expires.

use std::time::{Duration, Instant};

#[derive(Debug, Clone)]
pub struct IdleTimer {
    last_activity: Instant,
    timeout: Duration,
}

impl IdleTimer {
    pub fn new(now: Instant, timeout: Duration) -> Self {
        IdleTimer { last_activity: now, timeout }
    }

    /// Something the practitioner did: a key press, a click, a command.
    pub fn touch(&mut self, now: Instant) {
        if now > self.last_activity {
            self.last_activity = now;
        }
    }

    pub fn set_timeout(&mut self, timeout: Duration) {
        self.timeout = timeout;
    }

    pub fn timeout(&self) -> Duration {
        self.timeout
    }

    pub fn remaining(&self, now: Instant) -> Duration {
        self.timeout.saturating_sub(now.saturating_duration_since(self.last_activity))
    }

    pub fn expired(&self, now: Instant) -> bool {
        self.remaining(now).is_zero()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
