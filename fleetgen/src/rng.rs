//! Deterministic pseudo-randomness: a fixed-seed SplitMix64 and the fake
//! identifiers (base64 blobs, UUIDs, age recipients) built from it.

const FLEET_SEED: u64 = 0x5147_5f46_4c45_4554; // "QG_FLEET"
const BASE64_ALPHABET: &[u8; 64] =
    b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const BECH32_ALPHABET: &[u8; 32] = b"qpzry9x8gf2tvdw0s3jn54khce6mua7l";

/// A SplitMix64 generator. Every stream is derived from a label, so the
/// content of one generated file never depends on the order files are written.
pub(crate) struct Rng {
    state: u64,
}

impl Rng {
    /// A generator whose stream is fixed by `label` (and the crate-wide seed).
    pub(crate) fn for_label(label: &str) -> Rng {
        Rng {
            state: FLEET_SEED ^ fnv1a(label.as_bytes()),
        }
    }

    pub(crate) fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut mixed = self.state;
        mixed = (mixed ^ (mixed >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        mixed = (mixed ^ (mixed >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        mixed ^ (mixed >> 31)
    }

    /// A number in `0..bound` (`bound` must be positive).
    pub(crate) fn below(&mut self, bound: usize) -> usize {
        (self.next_u64() % bound as u64) as usize
    }

    /// A number in `low..=high`.
    pub(crate) fn between(&mut self, low: usize, high: usize) -> usize {
        low + self.below(high - low + 1)
    }

    pub(crate) fn bytes(&mut self, count: usize) -> Vec<u8> {
        (0..count).map(|_| self.next_u64() as u8).collect()
    }

    /// Base64 of `count` random bytes.
    pub(crate) fn base64(&mut self, count: usize) -> String {
        base64(&self.bytes(count))
    }

    /// `count` lowercase hexadecimal digits.
    pub(crate) fn hex(&mut self, count: usize) -> String {
        (0..count)
            .map(|_| char::from(b"0123456789abcdef"[self.below(16)]))
            .collect()
    }

    /// A random version-4-looking UUID.
    pub(crate) fn uuid(&mut self) -> String {
        let (a, b, c, d, e) = (
            self.hex(8),
            self.hex(4),
            self.hex(3),
            self.hex(4),
            self.hex(12),
        );
        format!("{a}-{b}-4{c}-{d}-{e}")
    }

    /// A string shaped like an age X25519 public key (`age1` + 58 bech32 chars).
    pub(crate) fn age_recipient(&mut self) -> String {
        let body: String = (0..58)
            .map(|_| char::from(BECH32_ALPHABET[self.below(32)]))
            .collect();
        format!("age1{body}")
    }
}

/// Standard padded base64.
pub(crate) fn base64(bytes: &[u8]) -> String {
    let mut encoded = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let word = chunk.iter().enumerate().fold(0u32, |word, (i, byte)| {
            word | u32::from(*byte) << (16 - 8 * i)
        });
        for position in 0..4 {
            if position <= chunk.len() {
                let sextet = (word >> (18 - 6 * position)) & 0x3f;
                encoded.push(char::from(BASE64_ALPHABET[sextet as usize]));
            } else {
                encoded.push('=');
            }
        }
    }
    encoded
}

fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, byte| {
        (hash ^ u64::from(*byte)).wrapping_mul(0x0100_0000_01b3)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_matches_known_vectors() {
        assert_eq!(base64(b""), "");
        assert_eq!(base64(b"f"), "Zg==");
        assert_eq!(base64(b"fo"), "Zm8=");
        assert_eq!(base64(b"foo"), "Zm9v");
        assert_eq!(base64(b"foobar"), "Zm9vYmFy");
    }

    #[test]
    fn streams_depend_only_on_their_label() {
        let first: Vec<u64> = (0..4).map(|_| Rng::for_label("a").next_u64()).collect();
        assert!(first.windows(2).all(|pair| pair[0] == pair[1]));
        assert_ne!(
            Rng::for_label("a").next_u64(),
            Rng::for_label("b").next_u64()
        );
    }

    #[test]
    fn age_recipients_have_the_right_shape() {
        let recipient = Rng::for_label("host").age_recipient();
        assert_eq!(recipient.len(), 62);
        assert!(recipient.starts_with("age1"));
    }
}
