//! Derived forms of a text: the spellings search matches against, each
//! mapping back to the characters of the text they came from.

use super::entry::{MAX_ALT_POS, MAX_ALT_READING};
use super::fold::{
    fold_char, is_cyrillic, is_han, latin_char, primary_reading, push_syllable, readings,
    starts_word,
};

/// At most this many alternative spellings (another reading of one
/// polyphonic Chinese character each) are kept per text. Only the most
/// common other reading of a character is used: the pinyin tables list
/// rare and classical readings too.
const MAX_ALTERNATIVES: usize = 6;

/// One way of spelling a text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Variant {
    /// Lower case, diacritics stripped, scripts kept: `université`→`universite`.
    Fold,
    /// Every script in Latin letters: Cyrillic via `any_ascii`, Chinese as
    /// pinyin with capitalised syllables (`BeiJingDaXue`).
    Latin,
    /// Like `Latin`, with Russian-style spelling of Cyrillic (`kazakh`).
    Russian,
    /// Chinese characters reduced to pinyin initials (`BJDXSGYY`).
    Initials,
    /// `Latin` with ü written `v`, as pinyin keyboards type it (`LvLiang`
    /// for 吕梁); kept only for texts that have a ü.
    LatinV,
    /// `Latin` with ü written `yu`, as passports write it (`LyuLiang`).
    LatinYu,
    /// `Latin` with the character at `pos` read with its `reading`-th reading.
    PinyinAlt { pos: u16, reading: u8 },
    /// `Initials` with the character at `pos` read with its `reading`-th reading.
    InitialsAlt { pos: u16, reading: u8 },
}

impl Variant {
    /// The variant as three numbers (tag, position, reading), as a
    /// [`super::entry::Span`] keeps it.
    pub fn code(self) -> (u8, u16, u8) {
        match self {
            Variant::Fold => (0, 0, 0),
            Variant::Latin => (1, 0, 0),
            Variant::Russian => (2, 0, 0),
            Variant::Initials => (3, 0, 0),
            Variant::PinyinAlt { pos, reading } => (4, pos, reading),
            Variant::InitialsAlt { pos, reading } => (5, pos, reading),
            Variant::LatinV => (6, 0, 0),
            Variant::LatinYu => (7, 0, 0),
        }
    }

    /// The variant of [`Variant::code`]'s numbers; `None` for a tag that
    /// is none.
    pub fn from_code(tag: u8, pos: u16, reading: u8) -> Option<Variant> {
        Some(match tag {
            0 => Variant::Fold,
            1 => Variant::Latin,
            2 => Variant::Russian,
            3 => Variant::Initials,
            4 => Variant::PinyinAlt { pos, reading },
            5 => Variant::InitialsAlt { pos, reading },
            6 => Variant::LatinV,
            7 => Variant::LatinYu,
            _ => return None,
        })
    }
}

/// The spellings worth keeping for `text`, `Fold` first. Spellings that turn
/// out identical to an earlier one are dropped by the caller.
pub(crate) fn variants(text: &str, out: &mut Vec<Variant>) {
    out.clear();
    out.push(Variant::Fold);
    if text.is_ascii() {
        return;
    }
    out.push(Variant::Latin);
    let (mut cyrillic, mut han) = (false, false);
    for c in text.chars() {
        cyrillic |= is_cyrillic(c);
        han |= is_han(c);
    }
    if cyrillic {
        out.push(Variant::Russian);
    }
    if !han {
        return;
    }
    out.push(Variant::Initials);
    if text.chars().any(has_umlaut) {
        out.push(Variant::LatinV);
        out.push(Variant::LatinYu);
    }
    let mut alternatives = 0;
    for (pos, c) in text.chars().enumerate() {
        let (Some(pos), Some(primary)) = (
            u16::try_from(pos).ok().filter(|_| pos < MAX_ALT_POS),
            primary_reading(c),
        ) else {
            continue;
        };
        // The first reading spelled differently from the usual one.
        let other = readings(c)
            .enumerate()
            .skip(1)
            .find(|(_, r)| !same_spelling(primary, r));
        let reading = |i: usize| u8::try_from(i).ok().filter(|_| i < MAX_ALT_READING);
        let Some((Some(reading), r)) = other.map(|(i, r)| (reading(i), r)) else {
            continue;
        };
        if alternatives + 1 > MAX_ALTERNATIVES {
            return;
        }
        out.push(Variant::PinyinAlt { pos, reading });
        alternatives += 1;
        if r.bytes().next() != primary.bytes().next() && alternatives < MAX_ALTERNATIVES {
            out.push(Variant::InitialsAlt { pos, reading });
            alternatives += 1;
        }
    }
}

/// Whether the usual reading of `c` has a ü (吕 lü, 女 nü, 略 lüe).
fn has_umlaut(c: char) -> bool {
    is_han(c) && primary_reading(c).is_some_and(|r| r.contains('ü'))
}

/// Pushes the usual reading of `c` with ü written `umlaut` (first letter in
/// upper case), or the `Latin` spelling of a character without a ü.
fn with_umlaut(c: char, umlaut: &str, out: &mut impl FnMut(char)) {
    match primary_reading(c).filter(|_| has_umlaut(c)) {
        Some(r) => {
            let spelled = r.replace('ü', umlaut);
            push_syllable(&spelled, out);
        }
        None => latin_char(c, false, out),
    }
}

/// Whether two plain readings are spelled the same once folded (`lü`, `lu`).
fn same_spelling(a: &str, b: &str) -> bool {
    let plain = |c: char| if c == 'ü' { 'u' } else { c };
    a.chars().map(plain).eq(b.chars().map(plain))
}

/// Writes the `variant` spelling of `text` to `out`; when `map` is given,
/// pushes for every character written the index (in characters) of the
/// source character it came from.
pub(crate) fn derive(
    text: &str,
    variant: Variant,
    out: &mut String,
    mut map: Option<&mut Vec<usize>>,
) {
    if map.is_none() && text.is_ascii() {
        // Every variant of ASCII text is its lower case.
        out.extend(text.chars().map(|c| c.to_ascii_lowercase()));
        return;
    }
    for (i, c) in text.chars().enumerate() {
        let mut push = |d: char| {
            out.push(d);
            if let Some(m) = map.as_deref_mut() {
                m.push(i);
            }
        };
        match variant {
            Variant::Fold => fold_char(c, &mut push),
            Variant::Latin => latin_char(c, false, &mut push),
            Variant::Russian => latin_char(c, true, &mut push),
            Variant::Initials => initial(c, None, &mut push),
            Variant::LatinV => with_umlaut(c, "v", &mut push),
            Variant::LatinYu => with_umlaut(c, "yu", &mut push),
            Variant::PinyinAlt { pos, reading } => match reading_at(c, i, pos, reading) {
                Some(r) => push_syllable(r, &mut push),
                None => latin_char(c, false, &mut push),
            },
            Variant::InitialsAlt { pos, reading } => {
                initial(c, reading_at(c, i, pos, reading), &mut push)
            }
        }
    }
}

/// The `reading`-th reading of `c` when `c` sits at `pos`.
fn reading_at(c: char, i: usize, pos: u16, reading: u8) -> Option<&'static str> {
    if i != usize::from(pos) {
        return None;
    }
    readings(c).nth(usize::from(reading))
}

/// Pushes the pinyin initial of a Han character (upper case), or the Latin
/// spelling of anything else.
fn initial(c: char, reading: Option<&'static str>, out: &mut impl FnMut(char)) {
    let first = is_han(c)
        .then(|| reading.or_else(|| primary_reading(c)))
        .flatten()
        .and_then(|r| r.chars().next());
    match first {
        Some(first) => fold_char(first, &mut |d| out(d.to_ascii_uppercase())),
        None => latin_char(c, false, out),
    }
}

/// The bit of a character in a character-set mask: one bit per ASCII letter
/// and digit (either case), the rest hashed onto the remaining bits;
/// punctuation and spaces have none.
pub(crate) fn char_bit(c: char) -> u64 {
    match c {
        'a'..='z' => 1 << (c as u32 - 'a' as u32),
        'A'..='Z' => 1 << (c as u32 - 'A' as u32),
        '0'..='9' => 1 << (26 + c as u32 - '0' as u32),
        c if c.is_ascii() || c.is_whitespace() => 0,
        c => 1 << (36 + (c as u32 % 28)),
    }
}

/// The mask of every character of `s`.
pub(crate) fn mask_of(s: &str) -> u64 {
    s.chars().fold(0, |m, c| m | char_bit(c))
}

/// A character bit folded to 32 bits, for the small masks: ASCII letters
/// keep their own bits, digits and other scripts share the rest.
pub(crate) fn small(bit: u64) -> u32 {
    match bit.trailing_zeros() {
        64 => 0,
        i if i < 26 => 1 << i,
        i => 1 << (26 + i % 6),
    }
}

/// How many beginnings a [`Key`] holds: the first one to five characters.
const KEY_LEN: usize = 5;

/// How many lengths [`Ends`] tells: one to four characters.
const ENDS_LEN: usize = 4;

/// The beginning of a word or term: the bits of its first one, two, …
/// five characters (all but the first hashed), as far as it goes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Key {
    pub len: usize,
    pub bits: [u32; KEY_LEN],
    /// Whether the text keyed has no more than `len` characters (a term
    /// of at most five).
    pub whole: bool,
}

impl Key {
    pub fn of(chars: impl Iterator<Item = char>) -> Key {
        let mut key = Key {
            whole: true,
            ..Key::default()
        };
        let mut hash: u32 = 0;
        for (i, c) in chars.take(KEY_LEN + 1).enumerate() {
            if i == KEY_LEN {
                key.whole = false;
                break;
            }
            let index = char_bit(c).trailing_zeros();
            hash = hash.wrapping_mul(31).wrapping_add(index + 1);
            key.bits[i] = match i {
                0 => small(char_bit(c)),
                _ => 1 << (hash.wrapping_mul(0x9E37_79B9) >> 27),
            };
            key.len = i + 1;
        }
        key
    }
}

/// Which beginnings (see [`Key`]) occur at some place.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, bytemuck::Pod, bytemuck::Zeroable)]
#[repr(transparent)]
pub(crate) struct Grams(pub(crate) [u32; KEY_LEN]);

impl Grams {
    fn set(&mut self, key: &Key) {
        for (g, b) in self.0.iter_mut().zip(key.bits).take(key.len) {
            *g |= b;
        }
    }

    /// Whether a word beginning like `key` may occur here.
    pub fn has(&self, key: &Key) -> bool {
        self.0
            .iter()
            .zip(key.bits)
            .take(key.len)
            .all(|(g, b)| g & b != 0)
    }

    fn or(&mut self, other: &Grams) {
        for (a, b) in self.0.iter_mut().zip(other.0) {
            *a |= b;
        }
    }
}

/// Which beginnings of one to four characters (see [`Key`]) occur as
/// whole words at some place, by length.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, bytemuck::Pod, bytemuck::Zeroable)]
#[repr(transparent)]
pub(crate) struct Ends(pub(crate) [u32; ENDS_LEN]);

impl Ends {
    /// Records that the first `len` characters of a text keyed `key` end
    /// a word there.
    fn set(&mut self, key: &Key, len: usize) {
        let level = len.wrapping_sub(1);
        if let (Some(g), Some(b)) = (self.0.get_mut(level), key.bits.get(level)) {
            *g |= b;
        }
    }

    /// Whether a term keyed `key` may be one of the beginnings set (always,
    /// for a term longer than four characters).
    fn has(&self, key: &Key) -> bool {
        let level = key.len.wrapping_sub(1);
        match (self.0.get(level), key.bits.get(level)) {
            (Some(g), Some(b)) if key.whole => g & b != 0,
            _ => true,
        }
    }

    fn or(&mut self, other: &Ends) {
        for (a, b) in self.0.iter_mut().zip(other.0) {
            *a |= b;
        }
    }
}

/// What a search checks of one spelling before reading it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, bytemuck::Pod, bytemuck::Zeroable)]
#[repr(C)]
pub(crate) struct SpanMask {
    /// Every character.
    pub all: u64,
    /// Characters (folded, see [`small`]) that start a word.
    pub starts: u32,
    /// The first character (folded).
    pub first: u32,
}

impl SpanMask {
    /// The most tier points a run starting with `head` can earn here: an
    /// exact match, a word, or a run inside a word.
    pub fn cap(&self, head: u64) -> i32 {
        let b = small(head);
        if b == 0 || b & self.first != 0 {
            100
        } else if b & self.starts != 0 {
            60
        } else {
            20
        }
    }
}

/// Character-set summaries of a record's spellings, to rule a record out,
/// or bound how well it can match, without reading its spellings.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, bytemuck::Pod, bytemuck::Zeroable)]
#[repr(C)]
pub(crate) struct Masks {
    /// Every character of every spelling.
    pub all: u64,
    /// How names, titles and the id begin: where exact and prefix matches
    /// (up to 100 points, see `Tier::points`) can be.
    pub first: Grams,
    /// How words in names, titles and the id begin (a word: up to 60).
    pub words: Grams,
    /// How other fields and borrowed names begin (an exact field: up to
    /// 50, see `Field::weight`).
    pub other_first: Grams,
    /// How words in other fields and borrowed names begin (up to 30).
    pub other_words: Grams,
    /// Where a name, title or id begins with a run of whole words of one
    /// to four characters (or is one): by that run's [`Key`], at the level
    /// of its length. Only a term found here (or a longer one) can match a
    /// name exactly or as its first words (up to 100); any other term that
    /// begins a name is a prefix (at most 70).
    pub first_ends: Ends,
}

impl Masks {
    /// Adds one spelling, of a name (or title, or id) or of another
    /// field, and returns its own summary.
    pub fn add(&mut self, spelling: &str, named: bool) -> SpanMask {
        let mut span = SpanMask::default();
        let mut prev = None;
        for (b, c) in spelling.char_indices() {
            let bit = char_bit(c);
            span.all |= bit;
            if starts_word(prev, c) {
                let key = Key::of(spelling.get(b..).unwrap_or("").chars());
                match (named, prev.is_none()) {
                    (true, true) => {
                        self.first.set(&key);
                        self.words.set(&key);
                        self.set_first_ends(spelling, &key);
                    }
                    (true, false) => self.words.set(&key),
                    (false, true) => {
                        self.other_first.set(&key);
                        self.other_words.set(&key);
                    }
                    (false, false) => self.other_words.set(&key),
                }
                span.starts |= small(bit);
                if prev.is_none() {
                    span.first = small(bit);
                }
            }
            prev = Some(c);
        }
        self.all |= span.all;
        span
    }

    /// Notes every length, up to four characters, at which the beginning of
    /// `spelling` (a name's, keyed `key`) ends at a word's end, as
    /// `query::find_run` tells the end of a run: at the end of the text,
    /// before a character that is not a letter or digit, or before one
    /// that starts a word.
    fn set_first_ends(&mut self, spelling: &str, key: &Key) {
        let mut chars = spelling.chars();
        let mut last = chars.next();
        for len in 1..=ENDS_LEN {
            let next = chars.next();
            let ends = next.is_none_or(|n| !n.is_alphanumeric() || starts_word(last, n));
            if ends {
                self.first_ends.set(key, len);
            }
            if next.is_none() {
                break;
            }
            last = next;
        }
    }

    /// Adds the summary of other spellings.
    pub fn merge(&mut self, other: &Masks) {
        self.all |= other.all;
        self.first_ends.or(&other.first_ends);
        self.first.or(&other.first);
        self.words.or(&other.words);
        self.other_first.or(&other.other_first);
        self.other_words.or(&other.other_words);
    }

    /// The most points the whole query, as a phrase beginning with a term
    /// keyed `key`, can add (see `rank::phrase_bonus`): the start of a
    /// name, a word of one, or anywhere.
    pub fn phrase_bound(&self, key: &Key) -> i32 {
        if key.len == 0 || self.first.has(key) {
            100
        } else if self.words.has(key) {
            40
        } else {
            20
        }
    }

    /// Adds spellings borrowed from another record: they count as other fields.
    pub fn borrow(&mut self, lent: &Masks) {
        self.all |= lent.all;
        self.other_first.or(&lent.first);
        self.other_first.or(&lent.other_first);
        self.other_words.or(&lent.words);
        self.other_words.or(&lent.other_words);
    }

    /// The most points a match of a term beginning like `key` can earn in
    /// a record with these masks: an exact name, a word of a name, an
    /// exact other field, a word of another field, or a run inside a word.
    pub fn bound(&self, key: &Key) -> i32 {
        if key.len == 0 {
            100
        } else if self.first.has(key) {
            // A name beginning with the term, but none with the term as
            // its whole first words: a prefix (`Tier::Prefix`).
            if !self.first_ends.has(key) { 70 } else { 100 }
        } else if self.words.has(key) {
            60
        } else if self.other_first.has(key) {
            50
        } else if self.other_words.has(key) {
            30
        } else {
            20
        }
    }
}

#[cfg(test)]
#[path = "derive_tests.rs"]
mod tests;
