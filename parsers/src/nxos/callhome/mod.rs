//! NX-OS call-home: `show running-config callhome` ([`running_config`]) and `show callhome`
//! ([`show_callhome`]).

mod config;
mod show;

pub(crate) use config::running_config;
pub(crate) use show::show_callhome;
