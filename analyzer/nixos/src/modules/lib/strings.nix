# lib.strings: joining, testing, splitting, escaping and converting strings.
{ lib }:
let
  inherit (builtins)
    filter genList head isList isPath length tail;
in
rec {
  ## Joining

  # Concatenation of a list of strings.
  concatStrings = concatStringsSep "";

  # `concatStrings (map f list)`.
  concatMapStrings = f: list: concatStrings (map f list);

  # `concatStrings` of `f index element`, indices from 1.
  concatImapStrings = f: list: concatStrings (lib.lists.imap1 f list);

  # Joins with a separator; `[]` gives "".
  inherit (builtins) concatStringsSep;

  # `concatStringsSep sep (map f list)`.
  concatMapStringsSep = sep: f: list: concatStringsSep sep (map f list);

  # `concatStringsSep sep` of `f index element`, indices from 1.
  concatImapStringsSep = sep: f: list: concatStringsSep sep (lib.lists.imap1 f list);

  # Joins `f name value` of every attribute (sorted by name) with `sep`.
  concatMapAttrsStringSep = sep: f: attrs:
    concatStringsSep sep (lib.attrsets.mapAttrsToList f attrs);

  # Every item followed by "\n"; `[]` gives "".
  concatLines = concatMapStrings (s: s + "\n");

  # Puts `separator` between the elements of a list.
  intersperse = separator: list:
    if list == [ ] || length list == 1 then list
    else tail (lib.lists.concatMap (x: [ separator x ]) list);

  # `n` copies of a string, joined.
  replicate = n: s: concatStrings (lib.lists.replicate n s);

  # `s` when the condition holds, else "" (without forcing `s`).
  optionalString = cond: s: if cond then s else "";

  ## Testing

  # Whether `s` starts with `prefix` ("" is a prefix of everything).
  hasPrefix = prefix: s: substring 0 (stringLength prefix) s == prefix;

  # Whether `s` ends with `suffix`.
  hasSuffix = suffix: s:
    let
      ls = stringLength s;
      lx = stringLength suffix;
    in
    lx <= ls && substring (ls - lx) lx s == suffix;

  # Whether `infix` occurs in `s` ("" occurs everywhere).
  hasInfix = infix: s:
    let str = toString s; in
    infix == "" || replaceStrings [ infix ] [ "" ] str != str;

  # Strings and paths, and sets that convert to strings (outPath/__toString).
  isStringLike = x: isString x || isPath x || x ? outPath || x ? __toString;

  # Values that `toString` accepts: string-likes, null, numbers, booleans and
  # lists of them.
  isConvertibleWithToString = x:
    isStringLike x
    || builtins.elem (typeOf x) [ "null" "int" "float" "bool" ]
    || (isList x && builtins.all isConvertibleWithToString x);

  # Older name of isConvertibleWithToString.
  isCoercibleToString = isConvertibleWithToString;

  # Whether a string-like value is a path directly inside the Nix store.
  isStorePath = x:
    if isStringLike x then
      let s = toString x; in
      substring 0 1 s == "/" && dirOf s == builtins.storeDir
    else false;

  # Whether `name` is a valid POSIX shell variable name.
  isValidPosixName = name: match "[a-zA-Z_][a-zA-Z0-9_]*" name != null;

  ## Cutting and splitting

  # `s` without the prefix, or unchanged if it does not start with it.
  removePrefix = prefix: s:
    let lp = stringLength prefix; in
    if hasPrefix prefix s then substring lp (stringLength s - lp) s else s;

  # `s` without the suffix, or unchanged if it does not end with it.
  removeSuffix = suffix: s:
    let
      ls = stringLength s;
      lx = stringLength suffix;
    in
    if hasSuffix suffix s then substring 0 (ls - lx) s else s;

  # Splits at every occurrence of the literal separator. "," on "" gives
  # [ "" ]; "" on "abc" gives [ "" "a" "b" "c" "" ]. The pieces keep the
  # string context of `s`.
  splitString = sep: s:
    let pieces = filter isString (split (escapeRegex (toString sep)) (toString s)); in
    map (addContextFrom s) pieces;

  # The characters of a string, as one-character strings.
  stringToCharacters = s: genList (i: substring i 1 s) (stringLength s);

  # Maps every character through `f` and joins the results.
  stringAsChars = f: s: concatStrings (map f (stringToCharacters s));

  # `s` with the string context of `a` added.
  addContextFrom = a: s: substring 0 0 a + s;

  # The whitespace of `trim`.
  whitespaceClass = " \t\r\n";

  # Removes spaces, tabs, carriage returns and newlines at the chosen ends.
  trimWith = { start ? false, end ? false }: s:
    let
      ws = "[${whitespaceClass}]*";
      nonWs = "[^${whitespaceClass}]";
      onlyWs = match ws s != null;
    in
    if start && end then (if onlyWs then "" else head (match "${ws}(.*${nonWs})${ws}" s))
    else if start then head (match "${ws}(.*)" s)
    else if end then (if onlyWs then "" else head (match "(.*${nonWs})${ws}" s))
    else s;

  # Whitespace removed at both ends.
  trim = trimWith { start = true; end = true; };

  # The file's contents without the final newline.
  fileContents = file: removeSuffix "\n" (builtins.readFile file);

  ## Case

  # The ASCII lower-case letters.
  lowerChars = stringToCharacters "abcdefghijklmnopqrstuvwxyz";

  # The ASCII upper-case letters.
  upperChars = stringToCharacters "ABCDEFGHIJKLMNOPQRSTUVWXYZ";

  # ASCII letters to lower case.
  toLower = replaceStrings upperChars lowerChars;

  # ASCII letters to upper case.
  toUpper = replaceStrings lowerChars upperChars;

  # First letter upper-case, the rest lower-case.
  toSentenceCase = s:
    if s == "" then s
    else toUpper (substring 0 1 s) + toLower (substring 1 (stringLength s - 1) s);

  ## Escaping

  # Puts a backslash before every occurrence of the listed characters.
  escape = chars: replaceStrings chars (map (c: "\\${c}") chars);

  # Escapes the characters that are special in a (POSIX extended) regex.
  escapeRegex = escape (stringToCharacters "\\[{()^$?*+|.");

  # Quotes for a POSIX shell: unchanged if only made of safe characters
  # ([[:alnum:],._+:@%/-]), else in single quotes with `'` written `'\''`.
  escapeShellArg = arg:
    let s = toString arg; in
    if match "[[:alnum:],._+:@%/-]+" s != null then s
    else "'${replaceStrings [ "'" ] [ "'\\''" ] s}'";

  # escapeShellArg of every element, joined with spaces.
  escapeShellArgs = concatMapStringsSep " " escapeShellArg;

  # A Nix string literal: JSON string syntax with `$` escaped.
  escapeNixString = s: escape [ "$" ] (toJSON s);

  # Words that cannot be attribute names without quotes.
  nixKeywords = [ "assert" "else" "if" "in" "inherit" "let" "rec" "then" "with" ];

  # An attribute name as Nix source: bare if a plain identifier and not a
  # keyword, else quoted.
  escapeNixIdentifier = s:
    if match "[a-zA-Z_][a-zA-Z0-9_'-]*" s != null && !builtins.elem s nixKeywords
    then s
    else escapeNixString s;

  # Escapes the XML special characters.
  escapeXML = replaceStrings
    [ "\"" "'" "<" ">" "&" ]
    [ "&quot;" "&apos;" "&lt;" "&gt;" "&amp;" ];

  ## Search paths

  # `<path>/<subDir>` for every non-null element, joined with ":".
  makeSearchPath = subDir: paths:
    concatStringsSep ":" (map (p: "${p}/${subDir}") (filter (p: p != null) paths));

  # makeSearchPath over the given output of every package.
  makeSearchPathOutput = output: subDir: pkgs:
    makeSearchPath subDir (map (p: if p == null then null else lib.attrsets.getOutput output p) pkgs);

  # `<bin output>/bin` of every package, joined with ":".
  makeBinPath = makeSearchPathOutput "bin" "bin";

  # `<lib output>/lib` of every package, joined with ":".
  makeLibraryPath = makeSearchPathOutput "lib" "lib";

  # `<dev output>/include` of every package, joined with ":".
  makeIncludePath = makeSearchPathOutput "dev" "include";

  ## Numbers

  # Pads `s` on the left with `filler` up to `width`; fails if `s` is longer.
  fixedWidthString = width: filler: s:
    let len = stringLength s; in
    assert lib.asserts.assertMsg (len <= width)
      "fixedWidthString: requested string length (${toString width}) must not be shorter than actual length (${toString len})";
    if len == width then s else filler + fixedWidthString (width - stringLength filler) filler s;

  # An integer padded on the left with zeros up to `width`.
  fixedWidthNumber = width: n: fixedWidthString width "0" (toString n);

  # Parses a decimal integer; surrounding whitespace is allowed, a leading
  # zero is refused as ambiguous (octal or zero-padded).
  toInt = s:
    let
      m = match "[[:space:]]*(-?[0-9]+)[[:space:]]*" s;
      digits = head m;
    in
    if m == null then throw "toInt: Could not convert ${escapeNixString s} to int."
    else if match "-?0[0-9]+" digits != null then
      throw "toInt: Ambiguity in interpretation of ${escapeNixString s} between octal and zero padded integer."
    else builtins.fromJSON digits;

  # Parses a decimal integer; surrounding whitespace and leading zeros are
  # allowed.
  toIntBase10 = s:
    let m = match "[[:space:]]*(-?)0*([0-9]+)[[:space:]]*" s; in
    if m == null then throw "toIntBase10: Could not convert ${escapeNixString s} to int."
    else builtins.fromJSON (concatStringsSep "" m);

  # A float as a string (`toString` gives six decimals).
  floatToString = f: toString f;

  ## Versions and names

  # Whether version `a` is older than `b` (builtins.compareVersions order).
  versionOlder = a: b: builtins.compareVersions b a == 1;

  # Whether version `a` is `b` or newer.
  versionAtLeast = a: b: !versionOlder a b;

  # The name of a package without its version: from `pname`, else parsed from
  # `name`; a string is parsed as a derivation name.
  getName = x:
    if isString x then (builtins.parseDrvName x).name
    else x.pname or (builtins.parseDrvName x.name).name;

  # The version of a package: from `version`, else parsed from `name`.
  getVersion = x:
    if isString x then (builtins.parseDrvName x).version
    else x.version or (builtins.parseDrvName x.name).version;

  ## Configure flags

  # "--enable-<f>" or "--disable-<f>".
  enableFeature = flag: feature:
    "--${if flag then "enable" else "disable"}-${feature}";

  # "--enable-<f>=<v>", or "--disable-<f>".
  enableFeatureAs = flag: feature: value:
    enableFeature flag feature + optionalString flag "=${value}";

  # "--with-<f>" or "--without-<f>".
  withFeature = flag: feature: "--${if flag then "with" else "without"}-${feature}";

  # "--with-<f>=<v>", or "--without-<f>".
  withFeatureAs = flag: feature: value:
    withFeature flag feature + optionalString flag "=${value}";

  ## Re-exported builtins
  inherit (builtins)
    compareVersions isString match parseDrvName replaceStrings split
    stringLength substring toJSON toString typeOf unsafeDiscardStringContext;
}
