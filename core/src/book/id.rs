//! Record identifiers.
//!
//! Ids are the caller's own strings (a CRM's record ids), wrapped in one newtype per
//! record kind so that an [`AccountId`] can never be passed where a [`ContactId`] is
//! expected. They serialise as plain JSON strings.

use serde::{Deserialize, Serialize};
use std::fmt;

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub String);

        impl $name {
            /// Wraps a caller's id.
            ///
            /// # Example
            /// ```
            #[doc = concat!("let id = callwise::", stringify!($name), "::new(\"x-1\");")]
            /// assert_eq!(id.as_str(), "x-1");
            /// ```
            pub fn new(id: impl Into<String>) -> Self {
                Self(id.into())
            }

            /// The id as the caller gave it.
            ///
            /// # Example
            /// ```
            #[doc = concat!("assert_eq!(callwise::", stringify!($name), "::from(\"x-1\").as_str(), \"x-1\");")]
            /// ```
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl From<&str> for $name {
            fn from(id: &str) -> Self {
                Self(id.to_owned())
            }
        }

        impl From<String> for $name {
            fn from(id: String) -> Self {
                Self(id)
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl std::borrow::Borrow<str> for $name {
            fn borrow(&self) -> &str {
                &self.0
            }
        }
    };
}

id_type!(
    /// The id of an [`Account`](crate::Account).
    AccountId
);
id_type!(
    /// The id of a [`Contact`](crate::Contact).
    ContactId
);
id_type!(
    /// The id of a [`Rep`](crate::Rep).
    RepId
);
id_type!(
    /// The id of a [`Team`](crate::Team).
    TeamId
);
id_type!(
    /// The id of a [`Division`](crate::Division).
    DivisionId
);
id_type!(
    /// The id of an [`Opportunity`](crate::Opportunity).
    OpportunityId
);
id_type!(
    /// The id of a [`Membership`](crate::Membership).
    MembershipId
);
id_type!(
    /// The id of an [`Activity`](crate::Activity).
    ActivityId
);
id_type!(
    /// The id of a [`Campaign`](crate::Campaign).
    CampaignId
);
id_type!(
    /// The id of an [`Event`](crate::Event).
    EventId
);
id_type!(
    /// The id of a [`Task`](crate::Task).
    TaskId
);
id_type!(
    /// The id of a [`Handoff`](crate::Handoff).
    HandoffId
);
