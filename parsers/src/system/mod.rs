//! `show clock` and `show version` pieces shared by the three platforms.

mod clock;
pub(crate) mod version;

pub(crate) use clock::clock;
