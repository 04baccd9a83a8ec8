# lib.versions: taking version strings apart.
{ lib }:
let
  inherit (builtins) elemAt length splitVersion;
in
rec {
  # The components of a version: "1.2a-b" gives [ "1" "2" "a" "b" ].
  inherit splitVersion;

  # Component 0, 1 or 2 of a version (throws when it is missing).
  major = v: elemAt (splitVersion v) 0;
  minor = v: elemAt (splitVersion v) 1;
  patch = v: elemAt (splitVersion v) 2;

  # "major.minor": "1.2.3" gives "1.2".
  majorMinor = v: builtins.concatStringsSep "." (lib.lists.take 2 (splitVersion v));

  # The numeric part (before the first "-") padded with ".0" up to `n`
  # components, the suffix kept: `pad 4 "1.2-rc1"` is "1.2.0.0-rc1".
  pad = n: version:
    let
      numeric = builtins.head (lib.strings.splitString "-" version);
      suffix = lib.strings.removePrefix numeric version;
      parts = splitVersion numeric;
      padded = parts ++ lib.lists.replicate (lib.trivial.max 0 (n - length parts)) "0";
    in
    builtins.concatStringsSep "." (lib.lists.take n padded) + suffix;
}
