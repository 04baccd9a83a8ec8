//! Did-you-mean: the names closest to a misspelled one, by Damerau–Levenshtein distance.
//!
//! One helper for every rule that suggests a name; what counts as "close" differs by rule
//! and is the [`Cutoff`] it passes.

/// How far (in edits) a candidate may be from the misspelled name to be suggested.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cutoff {
    /// Nix's own rule for unknown options: a third of the name's characters, from 1 to 3.
    NixOption,
    /// A third of the longer name's bytes, from 1 to 3: names of services, units,
    /// middlewares... in the cross-reference rules.
    ThirdOfLonger,
    /// A third of the longer name's bytes, but at least 3: secret names and sops keys,
    /// which are long paths where a wrong segment is a typical typo.
    AtLeastThree,
}

impl Cutoff {
    /// The largest distance at which `candidate` is still a suggestion for `name`.
    pub fn max_distance(self, name: &str, candidate: &str) -> usize {
        match self {
            Cutoff::NixOption => (name.chars().count() / 3).clamp(1, 3),
            Cutoff::ThirdOfLonger => (name.len().max(candidate.len()) / 3).clamp(1, 3),
            Cutoff::AtLeastThree => 3.max(name.len().max(candidate.len()) / 3),
        }
    }
}

/// The candidates close enough to `name` (as `cutoff` says; `name` itself never is), closest
/// first and alphabetically among equals, each once, at most `limit` of them.
pub fn suggest<'a>(
    name: &str,
    candidates: impl IntoIterator<Item = &'a str>,
    cutoff: Cutoff,
    limit: usize,
) -> Vec<&'a str> {
    let mut scored: Vec<(usize, &'a str)> = candidates
        .into_iter()
        .map(|c| (strsim::damerau_levenshtein(name, c), c))
        .filter(|&(d, c)| d > 0 && d <= cutoff.max_distance(name, c))
        .collect();
    scored.sort_unstable();
    scored.dedup();
    scored.into_iter().take(limit).map(|(_, c)| c).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn closest_first_then_alphabetical_and_each_once() {
        let names = ["label", "lable", "name", "label", "labels"];
        assert_eq!(
            suggest("labl", names, Cutoff::NixOption, 3),
            ["label", "lable"]
        );
        assert_eq!(
            suggest("labell", names, Cutoff::NixOption, 3),
            ["label", "labels", "lable"]
        );
        assert_eq!(suggest("labell", names, Cutoff::NixOption, 1), ["label"]);
    }

    #[test]
    fn the_name_itself_is_no_suggestion() {
        assert!(suggest("name", ["name"], Cutoff::AtLeastThree, 3).is_empty());
    }

    #[test]
    fn cutoffs() {
        // Nix's rule reads the misspelled name only, in characters.
        assert_eq!(Cutoff::NixOption.max_distance("ab", "abcdefghijkl"), 1);
        assert_eq!(Cutoff::NixOption.max_distance("éééééé", "x"), 2);
        assert_eq!(Cutoff::NixOption.max_distance("abcdefghijkl", "x"), 3);
        // The others read the longer of the two, in bytes.
        assert_eq!(Cutoff::ThirdOfLonger.max_distance("ab", "abcdef"), 2);
        assert_eq!(Cutoff::ThirdOfLonger.max_distance("a", "b"), 1);
        assert_eq!(Cutoff::ThirdOfLonger.max_distance("a", &"b".repeat(30)), 3);
        assert_eq!(Cutoff::AtLeastThree.max_distance("a", "b"), 3);
        assert_eq!(Cutoff::AtLeastThree.max_distance("a", &"b".repeat(30)), 10);
    }
}
