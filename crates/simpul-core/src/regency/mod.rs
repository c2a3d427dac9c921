//! The regency document: what Diskominfo alone decides and every device
//! reads. The OPD list, the IP pools handed to each OPD, the regency's
//! security levels, the decision on each network registration, and
//! regency-wide settings such as the cable address template.
//!
//! OPD devices never write it; the data-center server refuses changes to it
//! from any device that is not Diskominfo's.

pub mod decision;
pub mod ip_pool;
pub mod opd_entry;
pub mod oversight;
pub mod security_level;
pub mod setting;
pub mod update_status;

pub use decision::{Decision, DecisionInput, Verdict};
pub use ip_pool::{next_free, IpPool, IpPoolInput};
pub use opd_entry::{OpdEntry, OpdEntryInput};
pub use security_level::{SecurityLevel, SecurityLevelInput};
pub use setting::Setting;
