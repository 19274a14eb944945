//! The audit chain: every change is an entry whose hash covers the entry and the hash of the
//! one before it, so that altering or deleting any row breaks the chain from there on.

use serde::Serialize;
use sha2::{Digest, Sha256};

/// The hash the first entry chains to.
pub const GENESIS_HASH: &str = "0000000000000000000000000000000000000000000000000000000000000000";

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AuditEntry {
    pub seq: i64,
    pub at: String,
    pub actor: String,
    pub action: String,
    pub entity_type: String,
    pub entity_id: String,
    pub before: Option<String>,
    pub after: Option<String>,
    pub prev_hash: String,
    pub hash: String,
}

impl AuditEntry {
    /// The hash of the entry's content chained to its `prev_hash` (the stored `hash` is not
    /// part of it). Fields are encoded as a JSON array, so no choice of separator inside a
    /// value can make two entries hash alike.
    pub fn content_hash(&self) -> String {
        let content = serde_json::json!([
            self.prev_hash,
            self.seq,
            self.at,
            self.actor,
            self.action,
            self.entity_type,
            self.entity_id,
            self.before,
            self.after
        ]);
        let digest = Sha256::digest(content.to_string().as_bytes());
        digest.iter().map(|b| format!("{b:02x}")).collect()
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BrokenLink {
    #[error("entry {seq}: expected sequence number {expected}; entries are missing")]
    Gap { seq: i64, expected: i64 },
    #[error("entry {seq}: its previous-hash does not match the entry before it")]
    PrevHash { seq: i64 },
    #[error("entry {seq}: its content does not match its hash (altered)")]
    Altered { seq: i64 },
    #[error("the chain ends at entry {last} but its head records entry {head}; the last entries were deleted")]
    Truncated { last: i64, head: i64 },
}

/// Checks entries one by one in sequence order, holding only the previous hash.
#[derive(Debug)]
pub struct ChainVerifier {
    expected_seq: i64,
    prev_hash: String,
}

impl Default for ChainVerifier {
    fn default() -> Self {
        Self {
            expected_seq: 1,
            prev_hash: GENESIS_HASH.to_owned(),
        }
    }
}

impl ChainVerifier {
    pub fn check(&mut self, entry: &AuditEntry) -> Result<(), BrokenLink> {
        if entry.seq != self.expected_seq {
            return Err(BrokenLink::Gap {
                seq: entry.seq,
                expected: self.expected_seq,
            });
        }
        if entry.prev_hash != self.prev_hash {
            return Err(BrokenLink::PrevHash { seq: entry.seq });
        }
        let hash = entry.content_hash();
        if hash != entry.hash {
            return Err(BrokenLink::Altered { seq: entry.seq });
        }
        self.expected_seq += 1;
        self.prev_hash = hash;
        Ok(())
    }

    /// After the last entry: the head records how far the chain reached, so a deleted tail shows.
    pub fn finish(self, head_seq: i64) -> Result<i64, BrokenLink> {
        let last = self.expected_seq - 1;
        if last != head_seq {
            return Err(BrokenLink::Truncated {
                last,
                head: head_seq,
            });
        }
        Ok(last)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chain(n: i64) -> Vec<AuditEntry> {
        let mut prev = GENESIS_HASH.to_owned();
        (1..=n)
            .map(|seq| {
                let after = format!("{{\"n\":{seq}}}");
                let entry = AuditEntry {
                    seq,
                    at: "2026-01-01T00:00:00Z".into(),
                    actor: "admin".into(),
                    action: "create".into(),
                    entity_type: "person".into(),
                    entity_id: "1".into(),
                    before: None,
                    after: Some(after),
                    prev_hash: prev.clone(),
                    hash: String::new(),
                };
                let entry = AuditEntry {
                    hash: entry.content_hash(),
                    ..entry
                };
                prev = entry.hash.clone();
                entry
            })
            .collect()
    }

    fn verify(entries: &[AuditEntry], head: i64) -> Result<i64, BrokenLink> {
        let mut verifier = ChainVerifier::default();
        for e in entries {
            verifier.check(e)?;
        }
        verifier.finish(head)
    }

    #[test]
    fn an_intact_chain_verifies() {
        assert_eq!(verify(&chain(5), 5), Ok(5));
        assert_eq!(verify(&[], 0), Ok(0));
    }

    #[test]
    fn the_first_broken_link_is_named() {
        let mut entries = chain(5);
        entries[2].after = Some("{\"n\":99}".into());
        assert_eq!(verify(&entries, 5), Err(BrokenLink::Altered { seq: 3 }));

        let mut entries = chain(5);
        entries.remove(1);
        assert_eq!(
            verify(&entries, 5),
            Err(BrokenLink::Gap {
                seq: 3,
                expected: 2
            })
        );

        let entries = chain(5);
        assert_eq!(
            verify(&entries[..4], 5),
            Err(BrokenLink::Truncated { last: 4, head: 5 })
        );
    }

    #[test]
    fn a_rehashed_entry_still_breaks_the_next_link() {
        let mut entries = chain(3);
        let e = &mut entries[1];
        e.actor = "mallory".into();
        e.hash = e.content_hash();
        assert_eq!(verify(&entries, 3), Err(BrokenLink::PrevHash { seq: 3 }));
    }
}
