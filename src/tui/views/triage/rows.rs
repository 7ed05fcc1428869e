//! The lines of the triage queue, made from the queue when they are asked
//! for instead of held one per item: the queue is in bucket order, so each
//! bucket's items are one run of it, and a line is found from the runs
//! alone. After an act, only the runs are counted again (by halving), not
//! 400,000 lines made again at a million records.

use crate::due::{Bucket, DueItem};
use crate::tui::data::Data;

/// A line of the queue: a group heading or an item (position in `data.due`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Row {
    Header(Bucket, usize),
    Item(usize),
}

/// One bucket shown: its heading's line, the place of its first item among
/// the items shown, and how many it has.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Group {
    bucket: Bucket,
    row: usize,
    first: usize,
    count: usize,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Rows {
    /// The queue positions of the items shown when only some are (with
    /// "mine" on); `None` when every item of the queue is.
    shown: Option<Vec<usize>>,
    groups: Vec<Group>,
    items: usize,
}

impl Rows {
    /// Every item of the queue under its bucket's heading.
    pub fn every(data: &Data) -> Rows {
        let due = &data.due;
        let mut rows = Rows::default();
        let mut at = 0;
        while let Some(b) = due.get(at).map(|d| d.bucket) {
            // Buckets are in queue order, so the run ends where the
            // buckets after it begin.
            let end = due.partition_point(|d| d.bucket <= b).max(at + 1);
            rows.push(b, end - at);
            at = end;
        }
        rows
    }

    /// The items of the queue for which `shows` holds, under their buckets.
    pub fn only(data: &Data, shows: impl Fn(&DueItem) -> bool) -> Rows {
        let shown: Vec<usize> = data
            .due
            .iter()
            .enumerate()
            .filter(|(_, d)| shows(d))
            .map(|(i, _)| i)
            .collect();
        let mut rows = Rows::default();
        let mut run: Option<(Bucket, usize)> = None;
        for d in shown.iter().filter_map(|i| data.due.get(*i)) {
            run = match run {
                Some((b, n)) if b == d.bucket => Some((b, n + 1)),
                Some((b, n)) => {
                    rows.push(b, n);
                    Some((d.bucket, 1))
                }
                None => Some((d.bucket, 1)),
            };
        }
        if let Some((b, n)) = run {
            rows.push(b, n);
        }
        rows.shown = Some(shown);
        rows
    }

    fn push(&mut self, bucket: Bucket, count: usize) {
        self.groups.push(Group {
            bucket,
            row: self.items + self.groups.len(),
            first: self.items,
            count,
        });
        self.items += count;
    }

    /// How many lines: the items shown and a heading per bucket.
    pub fn len(&self) -> usize {
        self.items + self.groups.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// How many items are shown.
    pub fn items(&self) -> usize {
        self.items
    }

    /// The line at `row`.
    pub fn get(&self, row: usize) -> Option<Row> {
        let g = self.groups.get(
            self.groups
                .partition_point(|g| g.row <= row)
                .checked_sub(1)?,
        )?;
        if row == g.row {
            return Some(Row::Header(g.bucket, g.count));
        }
        let k = row - g.row - 1;
        if k >= g.count {
            return None;
        }
        self.position(g.first + k).map(Row::Item)
    }

    /// Every line, in order.
    pub fn iter(&self) -> impl Iterator<Item = Row> + '_ {
        (0..self.len()).filter_map(|r| self.get(r))
    }

    /// The lines from `from` on, going down.
    pub fn below(&self, from: usize) -> impl Iterator<Item = (usize, Row)> + '_ {
        (from..self.len()).filter_map(|r| Some((r, self.get(r)?)))
    }

    /// The place among the items shown of the item on line `row`.
    pub fn ordinal(&self, row: usize) -> Option<usize> {
        let g = self.groups.get(
            self.groups
                .partition_point(|g| g.row <= row)
                .checked_sub(1)?,
        )?;
        let k = row.checked_sub(g.row + 1)?;
        (k < g.count).then_some(g.first + k)
    }

    /// The line of the `k`-th item shown.
    pub fn row_of_ordinal(&self, k: usize) -> Option<usize> {
        let g = self.groups.get(
            self.groups
                .partition_point(|g| g.first <= k)
                .checked_sub(1)?,
        )?;
        (k < g.first + g.count).then_some(g.row + 1 + k - g.first)
    }

    /// The line of the item at queue position `at`, if it is shown.
    pub fn row_of(&self, at: usize) -> Option<usize> {
        let k = match &self.shown {
            None => at,
            Some(shown) => shown.binary_search(&at).ok()?,
        };
        self.row_of_ordinal(k)
    }

    /// The queue position of the `k`-th item shown.
    fn position(&self, k: usize) -> Option<usize> {
        match &self.shown {
            None => (k < self.items).then_some(k),
            Some(shown) => shown.get(k).copied(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;
    use crate::tui::testing::demo_app;

    /// The lines made as they are asked for are those of the queue walked
    /// item by item, with every item or only some shown.
    #[test]
    fn lines_are_the_queue_under_its_headings() {
        let data = demo_app(Lang::En, "default").unwrap().data;
        let owners: Vec<String> = data.due.iter().map(|d| d.owner.clone()).collect();
        type Shows = Box<dyn Fn(&DueItem) -> bool>;
        let mut filters: Vec<Shows> = vec![
            Box::new(|_| true),
            Box::new(|_| false),
            Box::new(|d| d.id.n.is_multiple_of(2)),
        ];
        for o in owners {
            filters.push(Box::new(move |d| d.owner == o));
        }
        for (f, shows) in filters.iter().enumerate() {
            let mut want = Vec::new();
            for (i, d) in data.due.iter().enumerate().filter(|(_, d)| shows(d)) {
                match want.iter().rposition(|r| matches!(r, Row::Header(..))) {
                    Some(h) if matches!(want[h], Row::Header(b, _) if b == d.bucket) => {}
                    _ => want.push(Row::Header(d.bucket, 0)),
                }
                want.push(Row::Item(i));
            }
            // The headings' counts.
            let mut heading = None;
            for n in 0..want.len() {
                match want[n] {
                    Row::Header(..) => heading = Some(n),
                    Row::Item(_) => {
                        if let Some(Row::Header(b, c)) = heading.map(|h| want[h]) {
                            want[heading.unwrap()] = Row::Header(b, c + 1);
                        }
                    }
                }
            }
            let rows = if f == 0 {
                Rows::every(&data)
            } else {
                Rows::only(&data, shows)
            };
            assert_eq!(rows.iter().collect::<Vec<_>>(), want, "filter {f}");
            assert_eq!(rows.len(), want.len());
            assert_eq!(rows.get(want.len()), None);
            let mut k = 0;
            for (n, r) in want.iter().enumerate() {
                if let Row::Item(i) = r {
                    assert_eq!(rows.ordinal(n), Some(k));
                    assert_eq!(rows.row_of_ordinal(k), Some(n));
                    assert_eq!(rows.row_of(*i), Some(n));
                    k += 1;
                } else {
                    assert_eq!(rows.ordinal(n), None);
                }
            }
            assert_eq!(rows.items(), k);
            assert_eq!(rows.row_of_ordinal(k), None);
        }
        assert!(Rows::every(&data).items() > 20, "the demo has a queue");
    }

    /// An item is found wherever it is, far from the cursor too (where it
    /// is looked for by its urgency, not near the cursor), with every item
    /// or only one person's shown.
    #[test]
    fn every_item_is_found_from_the_top() {
        use crate::tui::views::triage::TriageState;
        let data = demo_app(Lang::En, "default").unwrap().data;
        let owner = data
            .due
            .iter()
            .map(|d| d.owner.clone())
            .find(|o| !o.is_empty());
        for mine in [None, owner] {
            let mut t = TriageState {
                mine,
                ..TriageState::default()
            };
            t.sync(&data);
            let keys: Vec<String> = data
                .due
                .iter()
                .filter(|d| t.shows(d))
                .map(DueItem::key)
                .collect();
            assert!(keys.len() > 10, "{:?}", t.mine);
            for k in keys {
                t.cursor = 0;
                t.select_key(&data, &k);
                assert_eq!(t.current(&data).map(DueItem::key), Some(k));
            }
        }
    }
}
