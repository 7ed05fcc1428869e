//! The parts of the interface a keymap has a section for, and the actions
//! that mean something in each.

use crate::tui::action::Action::{self, *};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Section {
    Global,
    Welcome,
    Dashboard,
    Tables,
    Detail,
    Triage,
    Calendar,
    Day,
    Help,
    Search,
    Prompt,
    Picker,
    Form,
    Confirm,
    Staff,
}

const MOVES: &[Action] = &[Up, Down, Left, Right, PageUp, PageDown, Top, Bottom];
const EDITING: &[Action] = &[
    DeleteBack,
    DeleteForward,
    DeleteWord,
    ClearLine,
    Left,
    Right,
    LineStart,
    LineEnd,
];

impl Section {
    pub const ALL: [Section; 15] = [
        Section::Global,
        Section::Welcome,
        Section::Dashboard,
        Section::Tables,
        Section::Detail,
        Section::Triage,
        Section::Calendar,
        Section::Day,
        Section::Help,
        Section::Search,
        Section::Prompt,
        Section::Picker,
        Section::Form,
        Section::Confirm,
        Section::Staff,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Section::Global => "global",
            Section::Welcome => "welcome",
            Section::Dashboard => "dashboard",
            Section::Tables => "tables",
            Section::Detail => "detail",
            Section::Triage => "triage",
            Section::Calendar => "calendar",
            Section::Day => "day",
            Section::Help => "help",
            Section::Search => "search",
            Section::Prompt => "prompt",
            Section::Picker => "picker",
            Section::Form => "form",
            Section::Confirm => "confirm",
            Section::Staff => "staff",
        }
    }

    pub fn parse(s: &str) -> Option<Section> {
        Section::ALL.into_iter().find(|x| x.name() == s)
    }

    /// Sections where typed characters are text, not commands.
    pub fn takes_text(self) -> bool {
        matches!(
            self,
            Section::Search | Section::Prompt | Section::Picker | Section::Form
        )
    }

    /// Whether `action` does something in this section.
    pub fn accepts(self, action: Action) -> bool {
        let own: &[Action] = match self {
            Section::Global => &[
                Quit,
                Help,
                Search,
                Undo,
                Back,
                NextView,
                PrevView,
                ViewDashboard,
                ViewPartnerships,
                ViewAgreements,
                ViewInstitutions,
                ViewTriage,
                ViewCalendar,
                ToggleLanguage,
                LeadershipSummary,
                Export,
                StaffDirectory,
            ],
            Section::Welcome => &[LoadDemo, NewRecord],
            Section::Dashboard => &[Open, StaleDaysMore, StaleDaysLess],
            Section::Tables => &[
                Open,
                NewRecord,
                EditRecord,
                DeleteRecord,
                AddNote,
                AddFollowUp,
                AddAction,
                AddAgreement,
                AddContact,
                Filter,
                ClearFilter,
                SortNext,
                SortReverse,
                ToggleDetail,
            ],
            Section::Detail => &[
                Open,
                EditRecord,
                DeleteRecord,
                AddNote,
                AddFollowUp,
                AddAction,
                AddAgreement,
                AddContact,
                OpenParent,
            ],
            Section::Triage => &[
                Open,
                ToggleSelect,
                SelectAll,
                ClearSelection,
                Done,
                SnoozeDay,
                SnoozeWeek,
                SnoozeCustom,
                Reschedule,
                Reassign,
                AddNote,
                OpenParent,
                CancelItem,
                EditRecord,
                ToggleDetail,
                ToggleMine,
            ],
            Section::Calendar => &[Open, PrevMonth, NextMonth, GoToday, ToggleCalendarMode],
            Section::Day => &[Open, Close],
            Section::Help => &[Close],
            Section::Search => &[Submit, Close],
            Section::Prompt => &[Submit, Close],
            Section::Picker => &[Submit, Close, ToggleSelect],
            Section::Form => &[NextField, PrevField, Save, Close, Submit],
            Section::Confirm => &[Confirm, Close],
            Section::Staff => &[NewRecord, EditRecord, DeleteRecord, Close],
        };
        let moves = match self {
            Section::Confirm => &[],
            s if !s.takes_text() => MOVES,
            Section::Search | Section::Picker | Section::Prompt | Section::Form => {
                &[Up, Down, PageUp, PageDown]
            }
            _ => &[],
        };
        let editing = if self.takes_text() { EDITING } else { &[] };
        own.contains(&action) || moves.contains(&action) || editing.contains(&action)
    }
}
