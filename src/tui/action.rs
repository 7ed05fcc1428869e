//! Everything a key can ask for. The snake_case names are the ones keymap
//! files and the help overlay use; each has a description in the catalog
//! (`act.<name>` in `locales/tui.yml`).

use serde::{Deserialize, Serialize};

macro_rules! actions {
    ($($variant:ident => $name:literal),+ $(,)?) => {
        /// A user intent, resolved from a key by the keymap.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum Action { $($variant),+ }

        impl Action {
            pub const ALL: &'static [Action] = &[$(Action::$variant),+];

            /// The name used in keymap files and help.
            pub fn name(self) -> &'static str {
                match self { $(Action::$variant => $name),+ }
            }

            pub fn parse(s: &str) -> Option<Action> {
                Action::ALL.iter().copied().find(|a| a.name() == s.trim())
            }
        }
    };
}

actions! {
    // Anywhere
    Quit => "quit",
    Help => "help",
    Search => "search",
    Undo => "undo",
    Back => "back",
    NextView => "next_view",
    PrevView => "prev_view",
    ViewDashboard => "view_dashboard",
    ViewPartnerships => "view_partnerships",
    ViewAgreements => "view_agreements",
    ViewInstitutions => "view_institutions",
    ViewTriage => "view_triage",
    ViewCalendar => "view_calendar",
    ToggleLanguage => "toggle_language",
    LeadershipSummary => "leadership_summary",
    Export => "export",
    StaffDirectory => "staff_directory",
    // Moving
    Up => "up",
    Down => "down",
    Left => "left",
    Right => "right",
    PageUp => "page_up",
    PageDown => "page_down",
    Top => "top",
    Bottom => "bottom",
    // Records
    Open => "open",
    NewRecord => "new_record",
    EditRecord => "edit_record",
    DeleteRecord => "delete_record",
    AddNote => "add_note",
    AddFollowUp => "add_follow_up",
    AddAction => "add_action",
    AddAgreement => "add_agreement",
    AddContact => "add_contact",
    // Tables
    Filter => "filter",
    ClearFilter => "clear_filter",
    SortNext => "sort_next",
    SortReverse => "sort_reverse",
    ToggleDetail => "toggle_detail",
    // Triage
    ToggleSelect => "toggle_select",
    SelectAll => "select_all",
    ClearSelection => "clear_selection",
    Done => "done",
    SnoozeDay => "snooze_day",
    SnoozeWeek => "snooze_week",
    SnoozeCustom => "snooze_custom",
    Reschedule => "reschedule",
    Reassign => "reassign",
    OpenParent => "open_parent",
    CancelItem => "cancel_item",
    ToggleMine => "toggle_mine",
    // Calendar
    PrevMonth => "prev_month",
    NextMonth => "next_month",
    GoToday => "go_today",
    ToggleCalendarMode => "toggle_calendar_mode",
    // Dashboard
    StaleDaysMore => "stale_days_more",
    StaleDaysLess => "stale_days_less",
    // Welcome
    LoadDemo => "load_demo",
    // Text fields, pickers, forms, confirmations
    Submit => "submit",
    Close => "close",
    NextField => "next_field",
    PrevField => "prev_field",
    Save => "save",
    DeleteBack => "delete_back",
    DeleteForward => "delete_forward",
    DeleteWord => "delete_word",
    ClearLine => "clear_line",
    LineStart => "line_start",
    LineEnd => "line_end",
    Confirm => "confirm",
}

impl Action {
    /// The catalog key of the description shown in help and hints.
    pub fn catalog_key(self) -> String {
        format!("act.{}", self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_match_serde() {
        for a in Action::ALL {
            assert_eq!(Action::parse(a.name()), Some(*a));
            let json = serde_json::to_string(a).unwrap();
            assert_eq!(json, format!("\"{}\"", a.name()));
        }
        assert_eq!(Action::parse("explode"), None);
    }
}
