//! What the user typed, taken apart into terms, and how one term matches
//! one spelling.

use crate::model::Id;

use super::derive::{Key, Masks, char_bit, mask_of};
use super::fold::{fold_char, starts_word};

/// The most characters of a query that are searched: matching costs grow
/// with a term's length times a text's, so a pasted page is cut here (a
/// full institution name fits well within it).
pub const MAX_QUERY_CHARS: usize = 200;

/// The most words of a query that are searched; every word is matched
/// against every record (eight one-letter words that every record matches
/// still answer within 100 ms at 100k records; a title of more words is
/// found by its first eight).
pub const MAX_QUERY_WORDS: usize = 8;

/// How well a term matches a spelling, worst first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Tier {
    /// The term's characters appear in order, scattered.
    Scattered,
    /// Inside a word.
    Substring,
    /// At the start of a word (`univ` in "Kazakh National University").
    WordStart,
    /// Whole words (`university` in "Kazakh National University").
    Word,
    /// At the start of the text (`kaz` in "Kazakh National…").
    Prefix,
    /// Whole words at the start of the text (`kazakh`).
    PrefixWord,
    /// The whole text.
    Exact,
}

impl Tier {
    /// Points of a match of this tier in a title; other fields count a
    /// share of it (see `Field::weight`).
    pub(crate) fn points(self) -> i32 {
        match self {
            Tier::Exact => 100,
            Tier::PrefixWord => 85,
            Tier::Prefix => 70,
            Tier::Word => 60,
            Tier::WordStart => 50,
            Tier::Substring => 20,
            Tier::Scattered => 10,
        }
    }

    pub(crate) fn is_contiguous(self) -> bool {
        self != Tier::Scattered
    }
}

/// One spelling of a term.
#[derive(Debug, Clone)]
pub(crate) struct Spelling {
    /// Folded: lower case, no diacritics.
    pub text: String,
    pub chars: u32,
    pub mask: u64,
    /// The mask bit of the first character.
    pub head: u64,
    /// How the term begins, to bound what a record can score.
    pub key: Key,
}

impl Spelling {
    fn new(text: String) -> Spelling {
        Spelling {
            chars: text.chars().count() as u32,
            mask: mask_of(&text),
            head: text.chars().next().map_or(0, char_bit),
            key: Key::of(text.chars()),
            text,
        }
    }
}

/// One space-separated word of the query; a record must match every term.
#[derive(Debug, Clone)]
pub(crate) struct Term {
    /// The folded term (lower case, no diacritics). Records are spelled
    /// several ways; a term is typed one way.
    pub spellings: Vec<Spelling>,
}

/// A parsed query.
#[derive(Debug, Clone)]
pub(crate) struct Query {
    pub terms: Vec<Term>,
    /// The folded terms joined by single spaces.
    pub key: String,
    /// The query read as a record id (`a3` → A3).
    pub id: Option<Id>,
    /// Whether the query was longer than [`MAX_QUERY_CHARS`] characters
    /// or [`MAX_QUERY_WORDS`] words, and only its beginning is searched.
    pub shortened: bool,
}

impl Query {
    pub fn parse(raw: &str) -> Query {
        let mut terms = Vec::new();
        let mut key = String::new();
        let (raw, mut shortened) = match raw.char_indices().nth(MAX_QUERY_CHARS) {
            Some((cut, _)) => (raw.get(..cut).unwrap_or(raw), true),
            None => (raw, false),
        };
        for word in raw.split_whitespace() {
            if terms.len() == MAX_QUERY_WORDS {
                shortened = true;
                break;
            }
            let mut folded = String::with_capacity(word.len());
            word.chars()
                .for_each(|c| fold_char(c, &mut |d| folded.push(d)));
            let folded: String = folded.chars().filter(|c| !c.is_whitespace()).collect();
            // A word typed twice matches nothing more: it is searched once.
            if folded.is_empty()
                || terms
                    .iter()
                    .any(|t: &Term| t.spellings.iter().any(|s| s.text == folded))
            {
                continue;
            }
            if !key.is_empty() {
                key.push(' ');
            }
            key.push_str(&folded);
            let spellings = vec![Spelling::new(folded)];
            terms.push(Term { spellings });
        }
        Query {
            terms,
            key,
            id: raw.trim().parse().ok(),
            shortened,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.terms.is_empty()
    }

    /// Whether a text holding the characters of `mask` might match every term.
    pub fn may_match(&self, mask: u64) -> bool {
        self.terms
            .iter()
            .all(|t| t.spellings.iter().any(|s| s.mask & !mask == 0))
    }

    /// Whether `may_match` is the whole answer: every term is one ASCII
    /// letter or digit, so its mask bit is exact.
    pub fn mask_is_exact(&self) -> bool {
        self.terms.iter().all(|t| {
            t.spellings
                .first()
                .is_some_and(|s| s.chars == 1 && s.text.bytes().all(|b| b.is_ascii_alphanumeric()))
        })
    }

    /// The most points (the class, see `rank`) a record with these masks
    /// can score; records below the current cut need not be scored.
    pub fn bound(&self, m: &Masks) -> i32 {
        let mut total = 0;
        for t in &self.terms {
            total += t
                .spellings
                .iter()
                .map(|s| m.bound(&s.key))
                .max()
                .unwrap_or(0);
        }
        if self.terms.len() > 1 {
            let first = self.terms.first().and_then(|t| t.spellings.first());
            total += first.map_or(20, |s| m.phrase_bound(&s.key));
        }
        total
    }
}

/// Positions in `h` where the byte `b` (lower case) occurs, either ASCII
/// case. Spellings are short: a plain loop beats setting up a search.
fn positions(b: u8, h: &[u8]) -> impl Iterator<Item = usize> + '_ {
    h.iter()
        .enumerate()
        .filter(move |(_, x)| x.to_ascii_lowercase() == b)
        .map(|(i, _)| i)
}

/// Where `needle` (lower case) best occurs in `hay` as a run of characters,
/// ignoring ASCII case: the tier and the position in characters.
pub(crate) fn find_run(hay: &str, needle: &str) -> Option<(Tier, u32)> {
    let h = hay.as_bytes();
    let n = needle.as_bytes();
    let (&first, _) = n.split_first()?;
    if n.len() > h.len() {
        return None;
    }
    let starts = h.get(..=h.len() - n.len())?;
    let mut best: Option<(Tier, usize)> = None;
    for b in positions(first, starts) {
        let end = b + n.len();
        if !h.get(b..end).is_some_and(|run| run.eq_ignore_ascii_case(n)) {
            continue;
        }
        // `n` starts with a lead byte, so `b` and `end` are char boundaries.
        let (Some(before), Some(after)) = (hay.get(..b), hay.get(end..)) else {
            continue;
        };
        let Some(c) = hay.get(b..).and_then(|s| s.chars().next()) else {
            continue;
        };
        let starts = starts_word(before.chars().next_back(), c);
        let last = hay.get(..end).and_then(|s| s.chars().next_back());
        let ends = after
            .chars()
            .next()
            .is_none_or(|next| !next.is_alphanumeric() || starts_word(last, next));
        let tier = match (b == 0, starts, ends) {
            (true, _, _) if after.is_empty() => Tier::Exact,
            (true, _, true) => Tier::PrefixWord,
            (true, _, false) => Tier::Prefix,
            (false, true, true) => Tier::Word,
            (false, true, false) => Tier::WordStart,
            (false, false, _) => Tier::Substring,
        };
        if best.is_none_or(|(t, _)| tier > t) {
            best = Some((tier, b));
        }
        if tier >= Tier::Word {
            break;
        }
    }
    best.map(|(t, b)| (t, hay.get(..b).map_or(0, |s| s.chars().count()) as u32))
}

/// Whether the characters of `needle` appear in `hay` in order (ASCII case
/// ignored).
pub(crate) fn is_subsequence(hay: &str, needle: &str) -> bool {
    if needle.is_ascii() {
        // Bytes of other characters are never ASCII, so never match.
        let n = needle.as_bytes();
        let mut i = 0;
        if n.is_empty() {
            return true;
        }
        for &b in hay.as_bytes() {
            if n.get(i) == Some(&b.to_ascii_lowercase()) {
                i += 1;
                if i == n.len() {
                    return true;
                }
            }
        }
        return false;
    }
    let mut want = needle.chars();
    let Some(mut w) = want.next() else {
        return true;
    };
    for c in hay.chars() {
        if c.eq_ignore_ascii_case(&w) {
            match want.next() {
                Some(next) => w = next,
                None => return true,
            }
        }
    }
    false
}

/// How the characters of `needle` lie scattered through `hay`, in the
/// first compact one, or else the tightest, of the first few greedy
/// placements (one from each of the first occurrences of its first
/// character): a quick score (16 a
/// character, 8 more at a word start, 6 more right after the previous one,
/// 1 less per character skipped between) and whether the placement is
/// compact (spans at most twice the needle and two more). `None` when the
/// characters do not all appear in order.
pub(crate) fn scatter(hay: &str, needle: &str) -> Option<(i32, bool)> {
    const STARTS: usize = 8;
    let first = needle.chars().next()?;
    let want = needle.chars().count();
    let mut best: Option<(usize, i32)> = None;
    let starts = hay
        .char_indices()
        .filter(|(_, c)| c.eq_ignore_ascii_case(&first))
        .map(|(b, _)| b)
        .take(STARTS);
    let compact = |span: usize| span <= 2 * want + 2;
    for start in starts {
        let Some((span, score)) = place(hay, start, needle) else {
            break;
        };
        if compact(span) {
            // Compact is all the class asks; later placements rarely score more.
            return Some((score, true));
        }
        if best.is_none_or(|(s, _)| span < s) {
            best = Some((span, score));
        }
    }
    best.map(|(span, score)| (score, compact(span)))
}

/// Places `needle` greedily from byte `start` of `hay`: its span in
/// characters and its score, or `None` when it does not fit.
fn place(hay: &str, start: usize, needle: &str) -> Option<(usize, i32)> {
    let mut want = needle.chars();
    let mut w = want.next()?;
    let (mut score, mut gap, mut started) = (0i32, 0i32, false);
    let mut prev = hay.get(..start).and_then(|s| s.chars().next_back());
    for (i, c) in hay.get(start..)?.chars().enumerate() {
        if c.eq_ignore_ascii_case(&w) {
            score += 16;
            if starts_word(prev, c) {
                score += 8;
            }
            if started && gap == 0 {
                score += 6;
            }
            score -= gap.min(20);
            started = true;
            gap = 0;
            match want.next() {
                Some(next) => w = next,
                None => return Some((i + 1, score)),
            }
        } else if started {
            gap += 1;
        }
        prev = Some(c);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runs_are_graded_by_where_they_fall() {
        let hay = "kazakh national medical university";
        assert_eq!(find_run(hay, "kazakh"), Some((Tier::PrefixWord, 0)));
        assert_eq!(find_run(hay, "kaz"), Some((Tier::Prefix, 0)));
        assert_eq!(find_run(hay, "university"), Some((Tier::Word, 24)));
        assert_eq!(find_run(hay, "univ"), Some((Tier::WordStart, 24)));
        assert_eq!(find_run(hay, "ation"), Some((Tier::Substring, 8)));
        assert_eq!(find_run(hay, hay), Some((Tier::Exact, 0)));
        assert_eq!(find_run(hay, "xyz"), None);
        assert_eq!(find_run("", "a"), None);
    }

    #[test]
    fn a_later_word_start_beats_an_earlier_substring() {
        assert_eq!(find_run("bacon cancer", "can"), Some((Tier::WordStart, 6)));
    }

    #[test]
    fn pinyin_syllables_and_han_characters_are_words() {
        let latin = "BeiJingDaXueShouGangYiYuan";
        assert_eq!(find_run(latin, "shougang"), Some((Tier::Word, 12)));
        assert_eq!(find_run(latin, "shoug"), Some((Tier::WordStart, 12)));
        assert_eq!(find_run("北京大学首钢医院", "首钢"), Some((Tier::Word, 4)));
        assert_eq!(find_run("BJDXSGYY", "sgyy"), Some((Tier::Word, 4)));
        assert_eq!(find_run("BJDXSGYY", "bjdxsg"), Some((Tier::PrefixWord, 0)));
    }

    #[test]
    fn subsequences_ignore_ascii_case() {
        assert!(is_subsequence("BeiJingDaXue", "bjdx"));
        assert!(!is_subsequence("BeiJing", "jb"));
        assert!(is_subsequence("назарбаев", "нзрб"));
    }

    #[test]
    fn scattered_letters_at_word_starts_score_higher() {
        let initials = scatter("BeiJingDaXue", "bjdx").unwrap();
        let inside = scatter("abjxdxx", "bjdx").unwrap();
        assert!(initials.0 > inside.0, "{initials:?} {inside:?}");
        assert_eq!(scatter("abc", "cb"), None);
        // The tightest placement counts: "road" from the second r.
        assert_eq!(scatter("r...... road", "road").map(|s| s.1), Some(true));
        assert_eq!(
            scatter("r.o......a........d", "road").map(|s| s.1),
            Some(false)
        );
    }

    #[test]
    fn bounds_follow_first_letters() {
        let mut m = Masks::default();
        m.add("ShouGang", true);
        assert_eq!(Query::parse("shou").bound(&m), 100);
        assert_eq!(Query::parse("shougang").bound(&m), 100);
        // A name begins with these, but none has them as whole words.
        assert_eq!(Query::parse("s").bound(&m), 70);
        assert_eq!(Query::parse("sho").bound(&m), 70);
        // Five characters and more: not told.
        assert_eq!(Query::parse("shoug").bound(&m), 100);
        assert_eq!(Query::parse("gang").bound(&m), 60);
        assert_eq!(Query::parse("ang").bound(&m), 20);
        assert_eq!(Query::parse("su").bound(&m), 20);
        assert_eq!(Query::parse("shan").bound(&m), 20);
        // Two terms: each, and the whole phrase as the start of a name.
        assert_eq!(Query::parse("shou gang").bound(&m), 100 + 60 + 100);
        assert_eq!(Query::parse("sh gang").bound(&m), 70 + 60 + 100);
        // Pinyin initials are words of one letter each.
        m.add("SGYY", true);
        assert_eq!(Query::parse("s").bound(&m), 100);
        assert_eq!(Query::parse("sg").bound(&m), 100);
        assert_eq!(Query::parse("sgy").bound(&m), 100);
        assert!(Query::parse("s").mask_is_exact());
        assert!(!Query::parse("sh").mask_is_exact());
    }

    #[test]
    fn long_queries_are_cut_before_matching() {
        let long = "吕".repeat(5_000);
        let q = Query::parse(&long);
        assert!(q.shortened);
        let given: u32 = q
            .terms
            .iter()
            .flat_map(|t| &t.spellings)
            .map(|s| s.chars)
            .sum();
        assert_eq!(given as usize, MAX_QUERY_CHARS);
        assert!(q.key.chars().count() <= MAX_QUERY_CHARS);
        // Folding may lengthen a character (ß → ss): still within twice the cap.
        let q = Query::parse(&"ß".repeat(5_000));
        assert!(q.terms[0].spellings[0].chars as usize <= 2 * MAX_QUERY_CHARS);
        let words: Vec<String> = (0..1_000).map(|i| format!("w{i}")).collect();
        let q = Query::parse(&words.join(" "));
        assert!(q.shortened);
        assert_eq!(q.terms.len(), MAX_QUERY_WORDS);
        let q = Query::parse(&"x".repeat(MAX_QUERY_CHARS));
        assert!(!q.shortened, "a query of exactly the cap is whole");
        assert!(!Query::parse(&"ab ".repeat(MAX_QUERY_WORDS)).shortened);
        // A repeated word is searched once.
        let q = Query::parse("univ kaz univ UNIV");
        assert_eq!(q.terms.len(), 2);
        assert_eq!(q.key, "univ kaz");
    }

    #[test]
    fn queries_fold_to_lower_case_without_diacritics() {
        let q = Query::parse("  Назарбаев   Université ");
        assert_eq!(q.key, "назарбаев universite");
        assert_eq!(q.terms.len(), 2);
        assert_eq!(
            Query::parse("a3").id.map(|i| i.to_string()),
            Some("A3".into())
        );
        assert!(Query::parse(" \u{301} ").is_empty());
    }
}
