# lib.types: option types.
#
# A type is a set with `_type = "option-type"` and the fields `name`,
# `description`, `descriptionClass`, `check`, `merge`, `emptyValue`,
# `getSubOptions`, `getSubModules`, `substSubModules`, `typeMerge`, `functor`,
# `deprecationMessage` and `nestedTypes` (see mkOptionType).
#
# Merging. qg's Rust module system strips the properties (mkIf, mkMerge,
# mkOverride, mkOrder) and merges. Every merge function made here is a
# functor set `{ _qgMerge = "<algorithm>"; __functor; }`, so qg can tell a
# built-in merge from one a user wrote (a user's plain function has no
# `_qgMerge`). The merges of simple types are real (they get definitions with
# the properties already stripped); those that need the property machinery
# (listOf, attrsOf, submodule, anything, functionTo, ...) throw when called.
{ lib }:
let
  inherit (builtins)
    all attrNames concatStringsSep elem filter foldl' head isAttrs isBool
    isFloat isInt isList isPath isString length map match tail typeOf;
  inherit (lib.trivial) isFunction boolToString;
  inherit (lib.options)
    mergeEqualOption mergeOneOption mergeUniqueOption mergeDefaultOption
    showOption showDefs getValues;
  inherit (lib.strings) escapeNixString hasInfix isStringLike;

  # Helpers of this file that are not part of lib.types.
  internal = [
    "qgMerge" "qgMergeInRust" "betweenDesc" "nounOrComposite" "nounOrConjunction"
    "nounOnly" "isModuleLike" "staticFreeformType" "elemTypeFunctor"
  ];

  # All the types and helpers; the result is this set without `internal`.
  types = rec {
    ## Core

    # Whether `x` is a set whose `_type` is `type`.
    isType = type: x: (x._type or "") == type;

    # `value` marked with `_type = typeName`.
    setType = typeName: value: value // { _type = typeName; };

    # Whether a value is an option type.
    isOptionType = isType "option-type";

    # A merge function tagged with the name of its algorithm.
    qgMerge = algorithm: f: { _qgMerge = algorithm; __functor = _: f; };

    # The merge of a type that qg's module system merges itself.
    qgMergeInRust = algorithm: qgMerge algorithm
      (loc: _: throw "qg: the merge of `${showOption loc}' (${algorithm}) is done by qg's module system");

    # The functor of a simple type: `name`, `type` (the type of that name, if
    # any), no payload, and a binOp that never combines.
    defaultFunctor = name: {
      inherit name;
      type = lib.types.${name} or null;
      payload = null;
      binOp = _: _: null;
    };

    # The functor of a type wrapping one `elemType`: two declarations combine
    # when their element types do.
    elemTypeFunctor = name: payload: {
      inherit name payload;
      type = lib.types.${name};
      binOp = a: b:
        let merged = a.elemType.typeMerge b.elemType.functor; in
        if merged == null then null else a // { elemType = merged; };
    };

    # The type of two declarations of one option, or null when they cannot be
    # combined: same functor name, and no payload or payloads that binOp
    # combines.
    defaultTypeMerge = f: f':
      if f.name != f'.name then null
      else if f.payload == null && f'.payload == null then f.type
      else if f.payload != null && f'.payload != null then
        let merged = f.binOp f.payload f'.payload; in
        if merged == null then null else f.type merged
      else null;

    # typeMerge of two types, or `{ _type = "merge-error"; error = "Cannot merge types"; }`.
    mergeTypes = a: b:
      let merged = a.typeMerge b.functor; in
      if merged == null then { _type = "merge-error"; error = "Cannot merge types"; } else merged;

    # A type from its fields. `description` defaults to `name`; `check` accepts
    # everything; `merge` is mergeDefaultOption; no empty value.
    mkOptionType =
      { name
      , description ? null
      , descriptionClass ? null
      , check ? (_: true)
      , merge ? qgMerge "default" mergeDefaultOption
      , emptyValue ? { }
      , getSubOptions ? (_: { })
      , getSubModules ? null
      , substSubModules ? (_: null)
      , typeMerge ? defaultTypeMerge functor
      , functor ? defaultFunctor name
      , deprecationMessage ? null
      , nestedTypes ? { }
      }:
      {
        _type = "option-type";
        inherit name check merge emptyValue getSubOptions getSubModules
          substSubModules typeMerge functor deprecationMessage nestedTypes
          descriptionClass;
        description = if description == null then name else description;
      };

    # The description of `t` as part of a wrapper's description: bare when
    # `unparenthesize t.descriptionClass` holds, else in parentheses.
    optionDescriptionPhrase = unparenthesize: t:
      if unparenthesize (t.descriptionClass or null) then t.description
      else "(${t.description})";

    # Description classes a wrapper writes bare.
    nounOrComposite = c: c == "noun" || c == "composite";
    nounOrConjunction = c: c == "noun" || c == "conjunction";
    nounOnly = c: c == "noun";

    # `t` with an extra check `p` (all else is `t`'s).
    addCheck = t: p: t // { check = x: t.check x && p x; };

    ## Any value

    raw = mkOptionType {
      name = "raw";
      description = "raw value";
      descriptionClass = "noun";
      merge = qgMerge "one" mergeOneOption;
    };

    anything = mkOptionType {
      name = "anything";
      description = "anything";
      descriptionClass = "noun";
      merge = qgMergeInRust "anything";
    };

    unspecified = mkOptionType {
      name = "unspecified";
      description = "unspecified value";
      descriptionClass = "noun";
    };

    ## Booleans

    bool = mkOptionType {
      name = "bool";
      description = "boolean";
      descriptionClass = "noun";
      check = isBool;
      merge = qgMerge "equal" mergeEqualOption;
    };

    boolByOr = mkOptionType {
      name = "boolByOr";
      description = "boolean (merged using or)";
      descriptionClass = "noun";
      check = isBool;
      merge = qgMerge "or" (_: defs: foldl' (a: d: a || d.value) false defs);
    };

    ## Numbers

    int = mkOptionType {
      name = "int";
      description = "signed integer";
      descriptionClass = "noun";
      check = isInt;
      merge = qgMerge "equal" mergeEqualOption;
    };

    # "l and h (both inclusive)".
    betweenDesc = l: h: "${toString l} and ${toString h} (both inclusive)";

    ints =
      let
        # An int type for [l, h] with its own name and description.
        ranged = l: h: name: description:
          ints.between l h // { inherit name description; };
        unsigned' = bits: max: ranged 0 max "unsignedInt${toString bits}"
          "${toString bits} bit unsigned integer; between ${betweenDesc 0 max}";
        signed' = bits: min: max: ranged min max "signedInt${toString bits}"
          "${toString bits} bit signed integer; between ${betweenDesc min max}";
      in
      {
        # Integers from `l` to `h`, both included.
        between = l: h:
          assert lib.asserts.assertMsg (l <= h) "ints.between: lowest must be smaller than highest";
          addCheck int (x: x >= l && x <= h) // {
            name = "intBetween";
            description = "integer between ${betweenDesc l h}";
          };
        unsigned = addCheck int (x: x >= 0) // {
          name = "unsignedInt";
          description = "unsigned integer, meaning >=0";
          descriptionClass = "nonRestrictiveClause";
        };
        positive = addCheck int (x: x > 0) // {
          name = "positiveInt";
          description = "positive integer, meaning >0";
          descriptionClass = "nonRestrictiveClause";
        };
        u8 = unsigned' 8 255;
        u16 = unsigned' 16 65535;
        u32 = unsigned' 32 4294967295;
        s8 = signed' 8 (-128) 127;
        s16 = signed' 16 (-32768) 32767;
        s32 = signed' 32 (-2147483648) 2147483647;
      };

    # A TCP/UDP port: ints.u16.
    port = ints.u16;

    float = mkOptionType {
      name = "float";
      description = "floating point number";
      descriptionClass = "noun";
      check = isFloat;
      merge = qgMerge "equal" mergeEqualOption;
    };

    # An integer or a float.
    number = either int float;

    numbers =
      let
        isNumber = x: isInt x || isFloat x;
      in
      {
        # Numbers from `l` to `h`, both included.
        between = l: h:
          assert lib.asserts.assertMsg (isNumber l && isNumber h && l <= h)
            "numbers.between: lowest must be smaller than highest";
          addCheck number (x: x >= l && x <= h) // {
            name = "numberBetween";
            description = "integer or floating point number between ${betweenDesc l h}";
          };
        nonnegative = addCheck number (x: x >= 0) // {
          name = "numberNonnegative";
          description = "nonnegative integer or floating point number, meaning >=0";
          descriptionClass = "nonRestrictiveClause";
        };
        positive = addCheck number (x: x > 0) // {
          name = "numberPositive";
          description = "positive integer or floating point number, meaning >0";
          descriptionClass = "nonRestrictiveClause";
        };
      };

    ## Strings

    # A string (not a path, not a set with outPath).
    str = mkOptionType {
      name = "str";
      description = "string";
      descriptionClass = "noun";
      check = isString;
      merge = qgMerge "equal" mergeEqualOption;
    };

    # A string that is not only spaces, tabs and newlines.
    nonEmptyStr = mkOptionType {
      name = "nonEmptyStr";
      description = "non-empty string";
      descriptionClass = "noun";
      check = x: isString x && match "[ \t\n]*" x == null;
      merge = qgMerge "equal" mergeEqualOption;
    };

    # A string without "\n"/"\r", except one final "\n", which the merge drops.
    singleLineStr = mkOptionType {
      name = "singleLineStr";
      description = "(optionally newline-terminated) single-line string";
      descriptionClass = "noun";
      check = x: isString x && match "[^\n\r]*\n?" x != null;
      merge = qgMerge "singleLineStr" (loc: defs: lib.strings.removeSuffix "\n" (mergeEqualOption loc defs));
    };

    # A string matched by the regex `pattern` (whole string).
    strMatching = pattern: mkOptionType {
      name = "strMatching ${escapeNixString pattern}";
      description = "string matching the pattern ${pattern}";
      descriptionClass = "noun";
      check = x: isString x && match pattern x != null;
      merge = qgMerge "equal" mergeEqualOption;
      functor = defaultFunctor "strMatching" // {
        type = payload: strMatching payload.pattern;
        payload = { inherit pattern; };
        binOp = a: b: if a.pattern == b.pattern then a else null;
      };
    };

    # Strings joined with `sep` in definition order.
    separatedString = sep: mkOptionType {
      name = "separatedString";
      description =
        if sep == "" then "Concatenated string"
        else "strings concatenated with ${builtins.toJSON sep}";
      descriptionClass = "noun";
      check = isString;
      merge = qgMerge "separatedString" (_: defs: concatStringsSep sep (getValues defs));
      emptyValue = { value = ""; };
      functor = defaultFunctor "separatedString" // {
        type = payload: separatedString payload.sep;
        payload = { inherit sep; };
        binOp = a: b: if a.sep == b.sep then a else null;
      };
    } // { inherit sep; };

    lines = separatedString "\n";
    commas = separatedString ",";
    envVar = separatedString ":";

    # `t` without ":" or "\n" (for /etc/passwd fields).
    passwdEntry = t: addCheck t (s: !(hasInfix ":" s || hasInfix "\n" s)) // {
      name = "passwdEntry ${t.name}";
      description = "${optionDescriptionPhrase nounOnly t}, not containing newlines or colons";
      descriptionClass = "nonRestrictiveClause";
    };

    ## Sets

    # Any attribute set; definitions are joined with `//`, the last winning.
    attrs = mkOptionType {
      name = "attrs";
      description = "attribute set";
      check = isAttrs;
      merge = qgMerge "attrs" (_: defs: foldl' (acc: d: acc // d.value) { } defs);
      emptyValue = { value = { }; };
    };

    ## Packages and paths

    # A derivation, or a store path (a path or context-free string becomes a
    # derivation-like set).
    package = mkOptionType {
      name = "package";
      description = "package";
      descriptionClass = "noun";
      check = x: lib.attrsets.isDerivation x || lib.strings.isStorePath x;
      merge = qgMerge "package" (loc: defs:
        let v = mergeOneOption loc defs; in
        if isPath v || (isString v && !builtins.hasContext v)
        then lib.attrsets.toDerivation v
        else v);
    };

    # A package with a `shellPath` (a login shell).
    shellPackage = package // {
      check = x: lib.attrsets.isDerivation x && x ? shellPath;
    };

    # A nixpkgs package set (`_type = "pkgs"`).
    pkgs = mkOptionType {
      name = "pkgs";
      description = "Nixpkgs package set";
      descriptionClass = "noun";
      check = x: (x._type or null) == "pkgs";
      merge = qgMerge "unique" (mergeUniqueOption {
        message = "A Nixpkgs pkgs set can not be merged with another pkgs set.";
      });
    };

    # A path by two optional properties: `absolute` (starts with "/" or not)
    # and `inStore` (inside /nix/store/<name> or not). Not-in-store paths must be
    # strings (a path value would be copied into the store).
    pathWith = { inStore ? null, absolute ? null }:
      assert lib.asserts.assertMsg (!(inStore == true && absolute == false))
        "In pathWith, a path in the Nix store is always absolute: inStore = true and absolute = false cannot both be set.";
      let
        storeDir = builtins.storeDir;
        inStoreCheck = s: match "${lib.strings.escapeRegex storeDir}/[^/]+(/.*)?" s != null;
      in
      mkOptionType {
        name = "path";
        description =
          (if absolute == true then "absolute " else if absolute == false then "relative " else "")
          + "path"
          + (if inStore == true then " in the Nix store" else if inStore == false then " not in the Nix store" else "");
        descriptionClass = "noun";
        check = x:
          (if inStore == false then isString x else isStringLike x)
          && (let s = toString x; in
            (absolute == null || absolute == (builtins.substring 0 1 s == "/"))
            && (inStore == null || inStore == inStoreCheck s));
        merge = qgMerge "equal" mergeEqualOption;
        functor = defaultFunctor "path" // {
          type = pathWith;
          payload = { inherit inStore absolute; };
          binOp = a: b: if a == b then a else null;
        };
      };

    # An absolute path (string-like, starting with "/").
    path = pathWith { absolute = true; };

    # A path inside the Nix store.
    pathInStore = pathWith { inStore = true; };

    # An absolute path outside the Nix store (a string).
    externalPath = pathWith { absolute = true; inStore = false; };

    # A value of nvf's inline Lua (`_type = "lua-inline"`).
    luaInline = mkOptionType {
      name = "luaInline";
      description = "inline lua";
      descriptionClass = "noun";
      check = x: (x._type or null) == "lua-inline";
      merge = qgMerge "equal" mergeEqualOption;
    };

    ## Enumerations

    # One of the given values: strings, integers, booleans (others print as
    # "<type>").
    enum = values:
      let
        show = v:
          if isString v then ''"${v}"''
          else if isInt v then toString v
          else if isBool v then boolToString v
          else "<${typeOf v}>";
      in
      mkOptionType {
        name = "enum";
        description =
          if values == [ ] then "impossible (empty enum)"
          else if length values == 1 then "value ${show (head values)} (singular enum)"
          else "one of ${concatStringsSep ", " (map show values)}";
        descriptionClass = if length values < 2 then "noun" else "conjunction";
        check = x: elem x values;
        merge = qgMerge "equal" mergeEqualOption;
        functor = defaultFunctor "enum" // {
          type = payload: enum payload.values;
          payload = { inherit values; };
          binOp = a: b: { values = lib.lists.unique (a.values ++ b.values); };
        };
      };

    ## Containers

    # A list whose elements are each of `elemType`.
    listOf = elemType: mkOptionType rec {
      name = "listOf";
      description = "list of ${optionDescriptionPhrase nounOrComposite elemType}";
      descriptionClass = "composite";
      check = isList;
      merge = qgMergeInRust "listOf";
      emptyValue = { value = [ ]; };
      getSubOptions = prefix: elemType.getSubOptions (prefix ++ [ "*" ]);
      getSubModules = elemType.getSubModules;
      substSubModules = m: listOf (elemType.substSubModules m);
      functor = elemTypeFunctor name { inherit elemType; };
      nestedTypes.elemType = elemType;
    };

    # A list of `elemType` that is not `[]`.
    nonEmptyListOf = elemType:
      let list = addCheck (listOf elemType) (l: l != [ ]); in
      list // {
        description = "non-empty ${optionDescriptionPhrase nounOnly list}";
        emptyValue = { };
        substSubModules = m: nonEmptyListOf (elemType.substSubModules m);
      };

    # An attribute set whose values are of `elemType`; `lazy` keeps keys whose
    # definitions all vanish (mkIf false); `placeholder` names the key in docs.
    attrsWith = { elemType, lazy ? false, placeholder ? "name" }: mkOptionType rec {
      name = if lazy then "lazyAttrsOf" else "attrsOf";
      description = (if lazy then "lazy attribute set of " else "attribute set of ")
        + optionDescriptionPhrase nounOrComposite elemType;
      descriptionClass = "composite";
      check = isAttrs;
      merge = qgMergeInRust name;
      emptyValue = { value = { }; };
      getSubOptions = prefix: elemType.getSubOptions (prefix ++ [ "<${placeholder}>" ]);
      getSubModules = elemType.getSubModules;
      substSubModules = m: attrsWith { elemType = elemType.substSubModules m; inherit lazy placeholder; };
      functor = defaultFunctor "attrsWith" // {
        type = payload: attrsWith payload;
        payload = { inherit elemType lazy placeholder; };
        binOp = a: b:
          let
            e = a.elemType.typeMerge b.elemType.functor;
            p =
              if a.placeholder == b.placeholder then a.placeholder
              else if a.placeholder == "name" then b.placeholder
              else if b.placeholder == "name" then a.placeholder
              else null;
          in
          if e == null || a.lazy != b.lazy || p == null then null
          else { elemType = e; inherit (a) lazy; placeholder = p; };
      };
      nestedTypes.elemType = elemType;
    } // { inherit lazy placeholder; };

    # attrsWith, strict.
    attrsOf = elemType: attrsWith { inherit elemType; };

    # attrsWith, lazy.
    lazyAttrsOf = elemType: attrsWith { inherit elemType; lazy = true; };

    # Deprecated list-or-attrs; now attrsOf with a deprecation message.
    loaOf = elemType: attrsOf elemType // {
      name = "loaOf";
      deprecationMessage = "Mixing lists with attribute values is no longer possible; please use `types.attrsOf` instead.";
    };

    # An ordered list of single-key sets (a set is taken in name order).
    attrListOf = elemType: mkOptionType rec {
      name = "attrListOf";
      description = "attribute list of ${optionDescriptionPhrase nounOrComposite elemType}";
      descriptionClass = "composite";
      check = x: isList x || isAttrs x;
      merge = qgMergeInRust "attrListOf";
      emptyValue = { value = [ ]; };
      getSubOptions = prefix: elemType.getSubOptions (prefix ++ [ "<name>" ]);
      getSubModules = elemType.getSubModules;
      substSubModules = m: attrListOf (elemType.substSubModules m);
      functor = elemTypeFunctor name { inherit elemType; };
      nestedTypes.elemType = elemType;
    };

    # A set with exactly one attribute, whose name is one of the tags (each tag
    # an option declaration whose type applies to its value).
    attrTag = tags: mkOptionType {
      name = "attrTag";
      description = "attribute-tagged union with choices: ${concatStringsSep ", " (attrNames tags)}";
      descriptionClass = "noun";
      check = x: isAttrs x && length (attrNames x) == 1 && tags ? ${head (attrNames x)};
      merge = qgMergeInRust "attrTag";
      getSubOptions = prefix:
        builtins.mapAttrs (tag: opt: opt // { loc = prefix ++ [ tag ]; }) tags;
      nestedTypes = builtins.mapAttrs (_: opt: opt.type or unspecified) tags;
      functor = defaultFunctor "attrTag" // {
        type = attrTag;
        payload = tags;
        binOp = a: b: if attrNames a == attrNames b then a else null;
      };
    } // { inherit tags; };

    ## Alternatives

    # null, or a value of `elemType`.
    nullOr = elemType: mkOptionType rec {
      name = "nullOr";
      description = "null or ${optionDescriptionPhrase nounOrConjunction elemType}";
      descriptionClass = "conjunction";
      check = x: x == null || elemType.check x;
      merge = qgMerge "nullOr" (loc: defs:
        let nulls = filter (d: d.value == null) defs; in
        if length nulls == length defs then null
        else if nulls == [ ] then elemType.merge loc defs
        else
          let other = head (filter (d: d.value != null) defs); in
          throw "The option `${showOption loc}` is defined both null and not null, in `${(head nulls).file}' and `${other.file}'.");
      emptyValue = { value = null; };
      getSubOptions = elemType.getSubOptions;
      getSubModules = elemType.getSubModules;
      substSubModules = m: nullOr (elemType.substSubModules m);
      functor = elemTypeFunctor name { inherit elemType; };
      nestedTypes.elemType = elemType;
    };

    # A value of `t1` or of `t2`. The description writes a left
    # nonRestrictiveClause bare followed by a comma.
    either = t1: t2: mkOptionType rec {
      name = "either";
      description =
        if t1.descriptionClass or null == "nonRestrictiveClause"
        then "${t1.description}, or ${optionDescriptionPhrase (c: nounOrConjunction c || c == "composite") t2}"
        else "${optionDescriptionPhrase nounOrConjunction t1} or ${optionDescriptionPhrase (c: nounOrConjunction c || c == "composite") t2}";
      descriptionClass = "conjunction";
      check = x: t1.check x || t2.check x;
      merge = qgMerge "either" (loc: defs:
        if all (d: t1.check d.value) defs then t1.merge loc defs
        else if all (d: t2.check d.value) defs then t2.merge loc defs
        else throw "The option `${showOption loc}` is neither a value of type `${t1.description}` nor `${t2.description}`, Definition values:${showDefs defs}");
      getSubModules = null;
      functor = defaultFunctor name // {
        type = payload: either payload.left payload.right;
        payload = { left = t1; right = t2; };
        binOp = a: b:
          let
            l = a.left.typeMerge b.left.functor;
            r = a.right.typeMerge b.right.functor;
          in
          if l == null || r == null then null else { left = l; right = r; };
      };
      nestedTypes = { left = t1; right = t2; };
    };

    # `either` folded over a non-empty list of types.
    oneOf = ts:
      if ts == [ ] then throw "types.oneOf needs to get at least one type in its argument"
      else foldl' either (head ts) (tail ts);

    # A value of `finalType`, or of `coercedType` turned into one by `coerceFunc`.
    coercedTo = coercedType: coerceFunc: finalType:
      assert lib.asserts.assertMsg (coercedType.getSubModules == null)
        "coercedTo: coercedType must not have submodules (it is a ${coercedType.description})";
      mkOptionType rec {
        name = "coercedTo";
        description = "${optionDescriptionPhrase nounOnly finalType} or ${optionDescriptionPhrase nounOnly coercedType} convertible to it";
        check = x: (coercedType.check x && finalType.check (coerceFunc x)) || finalType.check x;
        merge = qgMerge "coercedTo" (loc: defs:
          finalType.merge loc (map
            (d: d // { value = if coercedType.check d.value then coerceFunc d.value else d.value; })
            defs));
        emptyValue = finalType.emptyValue;
        getSubOptions = finalType.getSubOptions;
        getSubModules = finalType.getSubModules;
        substSubModules = m: coercedTo coercedType coerceFunc (finalType.substSubModules m);
        typeMerge = _: null;
        functor = defaultFunctor name // { payload = { inherit coercedType coerceFunc finalType; }; };
        nestedTypes = { inherit coercedType finalType; };
      } // { inherit coercedType coerceFunc finalType; };

    # `t` with exactly one definition allowed (`message` explains why).
    unique = { message }: t: mkOptionType rec {
      name = "unique";
      inherit (t) description descriptionClass check emptyValue getSubOptions getSubModules;
      merge = qgMerge "unique" (mergeUniqueOption { inherit message; inherit (t) merge; });
      substSubModules = m: unique { inherit message; } (t.substSubModules m);
      functor = elemTypeFunctor name { elemType = t; } // {
        type = payload: unique { inherit message; } payload.elemType;
      };
      nestedTypes.elemType = t;
    } // { inherit message; };

    # unique with an empty message.
    uniq = unique { message = ""; };

    ## Functions

    # A function whose result is of `elemType`; definitions are all called and
    # their results merged.
    functionTo = elemType: mkOptionType rec {
      name = "functionTo";
      description = "function that evaluates to a(n) ${optionDescriptionPhrase nounOrComposite elemType}";
      descriptionClass = "composite";
      check = isFunction;
      merge = qgMergeInRust "functionTo";
      getSubOptions = prefix: elemType.getSubOptions (prefix ++ [ "<function body>" ]);
      getSubModules = elemType.getSubModules;
      substSubModules = m: functionTo (elemType.substSubModules m);
      functor = elemTypeFunctor name { inherit elemType; };
      nestedTypes.elemType = elemType;
    };

    ## Modules

    # What a module can be: a set, a function, or an absolute path.
    isModuleLike = x: isAttrs x || isFunction x || path.check x;

    # The `freeformType` that a module list shows without being evaluated: the
    # first set module with `freeformType` or `config._module.freeformType`.
    # (Function modules are not looked into; qg's module system knows better.)
    staticFreeformType = modules:
      let
        found = lib.lists.findFirst (m: m != null) null (map
          (m:
            if !isAttrs m || m ? __functor then null
            else if m ? freeformType then m.freeformType
            else if m ? config && isAttrs m.config && m.config ? _module
                 && isAttrs m.config._module && m.config._module ? freeformType
            then m.config._module.freeformType
            else null)
          modules);
      in
      found;

    # A submodule: its value is the config of the `modules` evaluated with
    # `specialArgs`, extended by every definition. With
    # `shorthandOnlyDefinesConfig`, a set definition is only config.
    # Description: `description` if given, else "open submodule of <ff>" with a
    # freeformType, else "submodule".
    submoduleWith =
      args@{ modules
      , specialArgs ? { }
      , shorthandOnlyDefinesConfig ? false
      , description ? null
      , class ? null
      }:
      let
        freeformType = staticFreeformType modules;
      in
      mkOptionType {
        name = "submodule";
        description =
          if description != null then description
          else if freeformType != null
          then "open submodule of ${optionDescriptionPhrase nounOrComposite freeformType}"
          else "submodule";
        check = isModuleLike;
        merge = qgMergeInRust "submodule";
        emptyValue = { value = { }; };
        getSubOptions = _: throw "qg: the options of a submodule are computed by qg's module system";
        getSubModules = modules;
        substSubModules = m: submoduleWith (args // { modules = m; });
        functor = defaultFunctor "submodule" // {
          type = submoduleWith;
          payload = { inherit modules specialArgs shorthandOnlyDefinesConfig description class; };
          binOp = a: b: {
            modules = a.modules ++ b.modules;
            specialArgs =
              let clash = builtins.intersectAttrs a.specialArgs b.specialArgs; in
              if clash == { } then a.specialArgs // b.specialArgs
              else throw "A submoduleWith option is declared multiple times with the same specialArgs \"${toString (attrNames clash)}\"";
            shorthandOnlyDefinesConfig =
              if a.shorthandOnlyDefinesConfig == null then b.shorthandOnlyDefinesConfig
              else if b.shorthandOnlyDefinesConfig == null || a.shorthandOnlyDefinesConfig == b.shorthandOnlyDefinesConfig
              then a.shorthandOnlyDefinesConfig
              else throw "A submoduleWith option is declared multiple times with conflicting shorthandOnlyDefinesConfig values";
            description =
              if a.description == null then b.description
              else if b.description == null || a.description == b.description then a.description
              else throw "A submoduleWith option is declared multiple times with conflicting descriptions";
            class =
              if a.class == null then b.class
              else if b.class == null || a.class == b.class then a.class
              else throw "A submoduleWith option is declared multiple times with conflicting class values \"${toString a.class}\" and \"${toString b.class}\".";
          };
        };
        nestedTypes = lib.attrsets.optionalAttrs (freeformType != null) { inherit freeformType; };
      } // {
        inherit modules specialArgs shorthandOnlyDefinesConfig class freeformType;
      };

    # submoduleWith where a set definition is only config.
    submodule = modules: submoduleWith {
      shorthandOnlyDefinesConfig = true;
      modules = lib.lists.toList modules;
    };

    # A module kept for later evaluation; definitions become
    # `{ imports = staticModules ++ [ each definition ]; }`.
    deferredModuleWith = attrs@{ staticModules ? [ ] }: mkOptionType {
      name = "deferredModule";
      description = "module";
      descriptionClass = "noun";
      check = isModuleLike;
      merge = qgMerge "deferredModule" (loc: defs: {
        imports = staticModules ++ map
          (d: lib.modules.setDefaultModuleLocation "${d.file}, via option ${showOption loc}" d.value)
          defs;
      });
      getSubOptions = _: throw "qg: the options of a deferred module are computed by qg's module system";
      getSubModules = staticModules;
      substSubModules = m: deferredModuleWith (attrs // { staticModules = m; });
      functor = defaultFunctor "deferredModuleWith" // {
        type = deferredModuleWith;
        payload = { inherit staticModules; };
        binOp = a: b: { staticModules = a.staticModules ++ b.staticModules; };
      };
    } // { inherit staticModules; };

    deferredModule = deferredModuleWith { };

    ## Types and declarations as values

    # An option type; several definitions are merged like several declarations.
    optionType = mkOptionType {
      name = "optionType";
      description = "optionType";
      descriptionClass = "noun";
      check = isOptionType;
      merge = qgMerge "optionType" (loc: defs:
        if length defs == 1 then (head defs).value
        else
          let
            merged = foldl' (acc: d: mergeTypes acc d.value) (head defs).value (tail defs);
          in
          if isType "merge-error" merged
          then throw "The option `${showOption loc}' has conflicting option types:${showDefs defs}"
          else merged);
    };

    # An option declaration (mkOption's result, without a `value`).
    optionDeclaration = mkOptionType {
      name = "optionDeclaration";
      description = "option declaration";
      descriptionClass = "noun";
      check = x: isType "option" x && !(x ? value);
    };

    ## Serializable values

    # A value that serializes to `typeName` (null allowed when `nullable`):
    # booleans, integers, floats, strings, paths, and lists and attribute sets
    # of such values.
    serializableValueWith = { typeName, nullable ? true }:
      let
        base = oneOf [ bool int float str path (attrsOf value) (listOf value) ];
        value = (if nullable then nullOr base else base) // {
          description = "${typeName} value";
        };
      in
      value;

    json = serializableValueWith { typeName = "JSON"; };
    toml = serializableValueWith { typeName = "TOML"; nullable = false; };
  };
in
removeAttrs types internal
