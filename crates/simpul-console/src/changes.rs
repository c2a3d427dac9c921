//! Telling open pages that stored data changed. On the desktop the window
//! hears a `data-changed` event; in the browser a page asks
//! `GET /api/v1/console/changes?since=N`, which answers at once when the
//! replica's change count is no longer N (a sync brought something, a
//! colleague saved), else after [`WAIT`] with the same count. The count
//! lives in memory: after a restart a page simply refetches once.

use simpul_service::{Host, SyncStatus};
use std::time::Duration;
use tokio::sync::watch;

/// How long a page's question is held open when nothing changes.
pub const WAIT: Duration = Duration::from_secs(25);

/// The service's host on the server: counts changes.
#[derive(Debug)]
pub struct ChangeCounter(watch::Sender<u64>);

/// What a page's question waits on.
#[derive(Debug, Clone)]
pub struct ChangeFeed(watch::Receiver<u64>);

/// A counter for the console's service and the feed pages wait on.
pub fn change_feed() -> (ChangeCounter, ChangeFeed) {
    let (tx, rx) = watch::channel(0);
    (ChangeCounter(tx), ChangeFeed(rx))
}

impl Host for ChangeCounter {
    fn data_changed(&self) {
        self.0.send_modify(|n| *n = n.wrapping_add(1));
    }

    fn sync_status(&self, _status: &SyncStatus) {}
}

impl ChangeFeed {
    /// The count once it differs from `since`, or after `wait`.
    pub async fn after(&self, since: u64, wait: Duration) -> u64 {
        let mut rx = self.0.clone();
        let _ = tokio::time::timeout(wait, rx.wait_for(|n| *n != since)).await;
        let now = *rx.borrow();
        now
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_page_hears_of_a_change_at_once_and_waits_when_there_is_none() {
        let (counter, feed) = change_feed();
        assert_eq!(
            feed.after(0, Duration::from_millis(20)).await,
            0,
            "nothing yet"
        );
        let waiting = tokio::spawn({
            let feed = feed.clone();
            async move { feed.after(0, Duration::from_secs(30)).await }
        });
        counter.data_changed();
        assert_eq!(waiting.await.expect("join"), 1);
        assert_eq!(
            feed.after(0, Duration::from_secs(30)).await,
            1,
            "already different"
        );
    }
}
