//! Cisco terminal facts, in one place for the SSH client, the parsers' line cleanup and the
//! simulator: prompt shapes ([`prompt`]), pager prompts ([`pager`]), rejection markers
//! ([`rejection`]), echo handling ([`echo`]), control sequences ([`control`]) and the
//! per-platform session data ([`platform`]).

pub mod control;
pub mod echo;
pub mod pager;
pub mod platform;
pub mod prompt;
pub mod rejection;

pub use prompt::{prompt_line, Prompt, PromptLine};
