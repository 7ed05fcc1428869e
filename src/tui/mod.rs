//! The terminal interface: views over the store, driven by the keyboard.
//!
//! The loop: a key event → the keymap resolves (section, key) to an
//! [`Action`](action::Action) → `update(&mut App, action)` changes state and
//! the store → `render(&App, frame)` draws from prepared state only.

pub mod action;
pub mod data;
pub mod keymap;
pub mod text;
pub mod theme;
pub mod words;

#[cfg(test)]
mod fixture;
