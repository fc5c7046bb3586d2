//! What stores exchange to merge: a version vector saying what one store holds, and the
//! entries another holds beyond it, as data (JSON), not a network protocol.

use super::change::Entry;
use crate::Result;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// What a store holds: for each device, the highest sequence number it holds (it holds
/// every one below too), and the highest sequence number of the authority's it knows.
///
/// # Example
/// ```
/// use callwise::store::VersionVector;
/// let vv = VersionVector::from_json(r#"{"devices": {"tablet-7": 12}, "sequenced": 40}"#)?;
/// assert_eq!(vv.devices["tablet-7"], 12);
/// assert_eq!(VersionVector::from_json(&vv.to_json())?, vv);
/// assert_eq!(VersionVector::default().to_json(), r#"{"devices":{},"sequenced":0}"#);
/// # Ok::<(), callwise::Error>(())
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VersionVector {
    /// The highest sequence number held, per device.
    #[serde(default)]
    pub devices: BTreeMap<String, u64>,
    /// The highest authority sequence number known (0 when none).
    #[serde(default)]
    pub sequenced: u64,
}

impl VersionVector {
    /// A version vector from its JSON form.
    ///
    /// # Errors
    /// [`crate::Error::Json`] when the text is not JSON of this shape.
    ///
    /// # Example
    /// See [`VersionVector`].
    pub fn from_json(json: &str) -> Result<Self> {
        crate::book::from_json(json, "version vector")
    }

    /// The version vector as compact JSON.
    ///
    /// # Example
    /// See [`VersionVector`].
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).expect("a version vector always serialises")
    }

    /// Whether the vector covers `entry`: its device's sequence is held, and so is its
    /// authority sequence when it has one.
    pub(crate) fn covers(&self, entry: &Entry) -> bool {
        let held = self
            .devices
            .get(&entry.id.device)
            .is_some_and(|&n| entry.id.sequence <= n);
        held && entry.authority_sequence.is_none_or(|s| s <= self.sequenced)
    }
}

/// The entries one store sends another: everything it holds beyond the other's version
/// vector, in the journal's order, with the book they both started from (`lineage`)
/// and the device of the authority whose sequence numbers they carry.
///
/// # Example
/// See [`Store::export_since`](crate::store::Store::export_since).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Exchange {
    /// The format's name: always `"callwise-journal"`.
    pub format: String,
    /// The format's version: 1.
    pub version: u32,
    /// The book the stores started from: a hash of its JSON (see
    /// [`Store::lineage`](crate::store::Store::lineage)).
    pub lineage: String,
    /// The device of the store that wrote it.
    pub from_device: String,
    /// The authority's device, when the entries carry its sequence numbers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub authority: Option<String>,
    /// The entries, in the journal's order.
    pub entries: Vec<Entry>,
}

/// The format name an [`Exchange`] carries.
pub(crate) const FORMAT: &str = "callwise-journal";
/// The format version an [`Exchange`] carries.
pub(crate) const FORMAT_VERSION: u32 = 1;

impl Exchange {
    /// An exchange from its JSON form.
    ///
    /// # Errors
    /// [`crate::Error::Json`] when the text is not JSON of this shape;
    /// [`crate::Error::InvalidArgument`] named `exchange` when it is of another format
    /// or version.
    ///
    /// # Example
    /// See [`Store::export_since`](crate::store::Store::export_since).
    pub fn from_json(json: &str) -> Result<Self> {
        let exchange: Self = crate::book::from_json(json, "journal exchange")?;
        if exchange.format != FORMAT || exchange.version != FORMAT_VERSION {
            return Err(crate::Error::invalid_argument(
                "exchange",
                format!(
                    "format {:?} version {} is not {FORMAT:?} version {FORMAT_VERSION}",
                    exchange.format, exchange.version
                ),
            ));
        }
        Ok(exchange)
    }

    /// The exchange as compact JSON (UTF-8 bytes on the wire: `to_json().into_bytes()`).
    ///
    /// # Example
    /// See [`Store::export_since`](crate::store::Store::export_since).
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).expect("an exchange always serialises")
    }
}

/// What a merge did.
///
/// # Example
/// See [`Store::merge`](crate::store::Store::merge).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MergeReport {
    /// Entries this store did not hold, now added.
    pub added: u64,
    /// Entries it held that now carry the authority's sequence number (or, on the
    /// authority, entries it sequenced).
    pub sequenced: u64,
    /// Entries that did not apply in the merged journal (new rejections), with why.
    pub rejected: Vec<super::Rejection>,
}
