# Option types, shaped as nixpkgs' are: a type is a set with `_type =
# "option-type"`, a `name`, a `description` (with its `descriptionClass`), a
# `check` of the top of a value, a `merge` of definitions, an `emptyValue`,
# `getSubModules`/`substSubModules`, a `functor` and `typeMerge` for options
# declared twice, and the `nestedTypes` it is made of.
{ lib }:
let
  inherit (builtins) isAttrs isBool isInt isFloat isString isList isPath isFunction elem length head tail filter all any map concatStringsSep attrNames toJSON;
  inherit (lib.options) mergeEqualOption mergeOneOption mergeUniqueOption mergeDefaultOption showOption showDefs getValues showFiles getFiles;
  inherit (lib.strings) isStringLike escapeNixString hasPrefix;

  # "l and h (both inclusive)".
  bounds = lo: hi: "${toString lo} and ${toString hi} (both inclusive)";
  # Whether a wrapper writes the description of `t` bare.
  phrase = bare: t: if bare (t.descriptionClass or null) then t.description else "(${t.description})";
  nounOrComposite = c: c == "noun" || c == "composite";
  nounOrConjunction = c: c == "noun" || c == "conjunction";

  # The functor of a type wrapping one element type.
  wrapperFunctor = name: elemType: {
    inherit name;
    type = t: types.${name} t.elemType;
    payload = { inherit elemType; };
    binOp = a: b:
      let merged = a.elemType.typeMerge b.elemType.functor; in
      if merged == null then null else { elemType = merged; };
  };

  types = rec {
    isType = type: x: (x._type or "") == type;
    setType = typeName: value: value // { _type = typeName; };
    isOptionType = isType "option-type";

    defaultFunctor = name: { inherit name; type = types.${name} or null; payload = null; binOp = _: _: null; };
    defaultTypeMerge = f: f':
      if f.name != f'.name then null
      else if f.payload == null then f.type
      else let p = f.binOp f.payload f'.payload; in if p == null then null else f.type p;

    mkOptionType =
      { name, description ? null, descriptionClass ? null, check ? (_: true)
      , merge ? mergeDefaultOption, emptyValue ? { }, getSubOptions ? (_: { })
      , getSubModules ? null, substSubModules ? (_: null)
      , typeMerge ? defaultTypeMerge functor, functor ? defaultFunctor name
      , deprecationMessage ? null, nestedTypes ? { } }:
      {
        _type = "option-type";
        inherit name check merge emptyValue getSubOptions getSubModules substSubModules
          typeMerge functor deprecationMessage nestedTypes descriptionClass;
        description = if description == null then name else description;
      };

    addCheck = t: extra: t // { check = x: t.check x && extra x; };

    raw = mkOptionType { name = "raw"; description = "raw value"; descriptionClass = "noun"; merge = mergeOneOption; };
    unspecified = mkOptionType { name = "unspecified"; description = "unspecified value"; descriptionClass = "noun"; };
    anything = mkOptionType {
      name = "anything";
      description = "anything";
      descriptionClass = "noun";
      merge = loc: defs:
        if all (d: isAttrs d.value && !(isStringLike d.value)) defs then (attrsOf anything).merge loc defs
        else if length defs == 1 then (head defs).value
        else mergeEqualOption loc defs;
    };

    bool = mkOptionType { name = "bool"; description = "boolean"; descriptionClass = "noun"; check = isBool; merge = mergeEqualOption; };
    int = mkOptionType { name = "int"; description = "signed integer"; descriptionClass = "noun"; check = isInt; merge = mergeEqualOption; };
    float = mkOptionType { name = "float"; description = "floating point number"; descriptionClass = "noun"; check = isFloat; merge = mergeEqualOption; };

    ints = rec {
      between = lo: hi: addCheck int (x: x >= lo && x <= hi) // {
        name = "intBetween";
        description = "integer between ${bounds lo hi}";
      };
      sized = lo: hi: name: what: between lo hi // { inherit name; description = "${what}; between ${bounds lo hi}"; };
      unsigned = addCheck int (x: x >= 0) // { name = "unsignedInt"; description = "unsigned integer, meaning >=0"; descriptionClass = "nonRestrictiveClause"; };
      positive = addCheck int (x: x > 0) // { name = "positiveInt"; description = "positive integer, meaning >0"; descriptionClass = "nonRestrictiveClause"; };
      u8 = sized 0 255 "unsignedInt8" "8 bit unsigned integer";
      u16 = sized 0 65535 "unsignedInt16" "16 bit unsigned integer";
      u32 = sized 0 4294967295 "unsignedInt32" "32 bit unsigned integer";
      s8 = sized (-128) 127 "signedInt8" "8 bit signed integer";
      s16 = sized (-32768) 32767 "signedInt16" "16 bit signed integer";
      s32 = sized (-2147483648) 2147483647 "signedInt32" "32 bit signed integer";
    };
    port = ints.u16;

    str = mkOptionType { name = "str"; description = "string"; descriptionClass = "noun"; check = isString; merge = mergeEqualOption; };
    nonEmptyStr = mkOptionType {
      name = "nonEmptyStr";
      description = "non-empty string";
      descriptionClass = "noun";
      check = x: isString x && builtins.match "[ \t\n]*" x == null;
      merge = mergeEqualOption;
    };
    strMatching = pattern: mkOptionType {
      name = "strMatching ${escapeNixString pattern}";
      description = "string matching the pattern ${pattern}";
      descriptionClass = "noun";
      check = x: isString x && builtins.match pattern x != null;
      merge = mergeEqualOption;
      functor = defaultFunctor "strMatching" // {
        type = p: strMatching p.pattern;
        payload = { inherit pattern; };
        binOp = a: b: if a == b then a else null;
      };
    };
    separatedString = sep: mkOptionType {
      name = "separatedString";
      description = "strings concatenated with ${toJSON sep}";
      descriptionClass = "noun";
      check = isString;
      merge = _: defs: concatStringsSep sep (getValues defs);
      functor = defaultFunctor "separatedString" // {
        type = p: separatedString p.sep;
        payload = { inherit sep; };
        binOp = a: b: if a.sep == b.sep then a else null;
      };
    };
    lines = separatedString "\n";
    commas = separatedString ",";
    envVar = separatedString ":";

    attrs = mkOptionType {
      name = "attrs";
      description = "attribute set";
      check = isAttrs;
      merge = _: lib.lists.foldl' (acc: d: acc // d.value) { };
      emptyValue = { value = { }; };
    };

    package = mkOptionType {
      name = "package";
      descriptionClass = "noun";
      check = x: lib.attrsets.isDerivation x || lib.strings.isStorePath x;
      merge = mergeOneOption;
    };

    # A path: string-like, absolute.
    path = mkOptionType {
      name = "path";
      description = "absolute path";
      descriptionClass = "noun";
      check = x: isStringLike x && builtins.substring 0 1 (toString x) == "/";
      merge = mergeEqualOption;
    };

    enum = values:
      let
        show = v: if isString v then ''"${v}"'' else if isInt v then toString v
          else if isBool v then lib.trivial.boolToString v else "<${builtins.typeOf v}>";
      in
      mkOptionType {
        name = "enum";
        description =
          if values == [ ] then "impossible (empty enum)"
          else if length values == 1 then "value ${show (head values)} (singular enum)"
          else "one of ${concatStringsSep ", " (map show values)}";
        descriptionClass = if length values < 2 then "noun" else "conjunction";
        check = x: elem x values;
        merge = mergeEqualOption;
        functor = defaultFunctor "enum" // {
          type = p: enum p.values;
          payload = { inherit values; };
          binOp = a: b: { values = lib.lists.unique (a.values ++ b.values); };
        };
      };

    listOf = elemType: mkOptionType {
      name = "listOf";
      description = "list of ${phrase nounOrComposite elemType}";
      descriptionClass = "composite";
      check = isList;
      merge = loc: defs:
        let
          entries = lib.lists.concatLists (lib.lists.imap1 (n: d:
            lib.lists.imap1 (m: v:
              lib.modules.mergeDefinitions (loc ++ [ "[definition ${toString n}-entry ${toString m}]" ]) elemType [ { inherit (d) file; value = v; } ])
              d.value) defs);
        in
        map (e: e.mergedValue) (filter (e: e.isDefined) entries);
      emptyValue = { value = [ ]; };
      getSubOptions = prefix: elemType.getSubOptions (prefix ++ [ "*" ]);
      getSubModules = elemType.getSubModules;
      substSubModules = m: listOf (elemType.substSubModules m);
      functor = wrapperFunctor "listOf" elemType;
      nestedTypes.elemType = elemType;
    };

    nonEmptyListOf = elemType:
      let list = addCheck (listOf elemType) (l: l != [ ]); in
      list // { description = "non-empty ${phrase (c: c == "noun") list}"; emptyValue = { }; };

    attrsWith = { elemType, lazy ? false }: mkOptionType {
      name = if lazy then "lazyAttrsOf" else "attrsOf";
      description = (if lazy then "lazy attribute set of " else "attribute set of ") + phrase nounOrComposite elemType;
      descriptionClass = "composite";
      check = isAttrs;
      merge = loc: defs:
        let
          byName = lib.attrsets.zipAttrsWith (name: ds: lib.modules.mergeDefinitions (loc ++ [ name ]) elemType ds)
            (map (d: builtins.mapAttrs (_: v: { inherit (d) file; value = v; }) d.value) defs);
        in
        if lazy then builtins.mapAttrs (_: r: r.mergedValue) byName
        else builtins.mapAttrs (_: r: r.mergedValue) (lib.attrsets.filterAttrs (_: r: r.isDefined) byName);
      emptyValue = { value = { }; };
      getSubOptions = prefix: elemType.getSubOptions (prefix ++ [ "<name>" ]);
      getSubModules = elemType.getSubModules;
      substSubModules = m: attrsWith { elemType = elemType.substSubModules m; inherit lazy; };
      functor = defaultFunctor "attrsWith" // {
        type = attrsWith;
        payload = { inherit elemType lazy; };
        binOp = a: b:
          let e = a.elemType.typeMerge b.elemType.functor; in
          if e == null || a.lazy != b.lazy then null else { elemType = e; inherit (a) lazy; };
      };
      nestedTypes.elemType = elemType;
    };
    attrsOf = elemType: attrsWith { inherit elemType; };
    lazyAttrsOf = elemType: attrsWith { inherit elemType; lazy = true; };

    nullOr = elemType: mkOptionType {
      name = "nullOr";
      description = "null or ${phrase nounOrConjunction elemType}";
      descriptionClass = "conjunction";
      check = x: x == null || elemType.check x;
      merge = loc: defs:
        let nulls = filter (d: d.value == null) defs; in
        if nulls == [ ] then elemType.merge loc defs
        else if length nulls == length defs then null
        else throw "The option `${showOption loc}` is defined both null and not null, in ${showFiles (getFiles defs)}.";
      emptyValue = { value = null; };
      getSubOptions = elemType.getSubOptions;
      getSubModules = elemType.getSubModules;
      substSubModules = m: nullOr (elemType.substSubModules m);
      functor = wrapperFunctor "nullOr" elemType;
      nestedTypes.elemType = elemType;
    };

    either = left: right: mkOptionType {
      name = "either";
      description =
        if left.descriptionClass or null == "nonRestrictiveClause"
        then "${left.description}, or ${phrase nounOrConjunction right}"
        else "${phrase nounOrConjunction left} or ${phrase (c: nounOrConjunction c || c == "composite") right}";
      descriptionClass = "conjunction";
      check = x: left.check x || right.check x;
      merge = loc: defs:
        if all (d: left.check d.value) defs then left.merge loc defs
        else if all (d: right.check d.value) defs then right.merge loc defs
        else throw "The option `${showOption loc}` is neither a value of type `${left.description}` nor `${right.description}`, Definition values: ${showDefs defs}";
      typeMerge = f:
        if f.name != "either" then null
        else
          let
            l = left.typeMerge (head f.payload.elemType).functor;
            r = right.typeMerge (lib.lists.last f.payload.elemType).functor;
          in
          if l == null || r == null then null else either l r;
      functor = defaultFunctor "either" // { payload = { elemType = [ left right ]; }; };
      nestedTypes = { inherit left right; };
    };
    oneOf = ts:
      if ts == [ ] then throw "types.oneOf needs to get at least one type in its argument"
      else lib.lists.foldl' either (head ts) (tail ts);

    # A value of `finalType`, or of `coercedType` made one by `coerceFunc`.
    coercedTo = coercedType: coerceFunc: finalType:
      assert coercedType.getSubModules == null;
      mkOptionType {
        name = "coercedTo";
        description = "${phrase (c: c == "noun") finalType} or ${phrase (c: c == "noun") coercedType} convertible to it";
        check = x: (coercedType.check x && finalType.check (coerceFunc x)) || finalType.check x;
        merge = loc: defs: finalType.merge loc (map (d: d // {
          value = if coercedType.check d.value then coerceFunc d.value else d.value;
        }) defs);
        emptyValue = finalType.emptyValue;
        getSubOptions = finalType.getSubOptions;
        getSubModules = finalType.getSubModules;
        substSubModules = m: coercedTo coercedType coerceFunc (finalType.substSubModules m);
        typeMerge = _: null;
        nestedTypes = { inherit coercedType finalType; };
      };

    unique = { message }: t: mkOptionType {
      name = "unique";
      inherit (t) description descriptionClass check emptyValue getSubModules;
      merge = mergeUniqueOption { inherit message; inherit (t) merge; };
      functor = wrapperFunctor "unique" t // { type = p: unique { inherit message; } p.elemType; };
      nestedTypes.elemType = t;
    };
    uniq = unique { message = ""; };

    functionTo = elemType: mkOptionType {
      name = "functionTo";
      description = "function that evaluates to a(n) ${phrase nounOrComposite elemType}";
      descriptionClass = "composite";
      check = isFunction;
      merge = loc: defs: arg:
        (lib.modules.mergeDefinitions (loc ++ [ "<function body>" ]) elemType
          (map (d: { inherit (d) file; value = d.value arg; }) defs)).mergedValue;
      functor = wrapperFunctor "functionTo" elemType;
      nestedTypes.elemType = elemType;
    };

    optionType = mkOptionType {
      name = "optionType";
      description = "optionType";
      descriptionClass = "noun";
      check = isOptionType;
      merge = loc: defs: lib.lists.foldl' (a: d:
        let m = a.typeMerge d.value.functor; in
        if m == null then throw "The option `${showOption loc}' has conflicting option types" else m)
        (head defs).value (tail defs);
    };

    # The configuration of `modules`, evaluated once per value with the
    # definitions added as modules.
    submoduleWith = { modules, specialArgs ? { }, shorthandOnlyDefinesConfig ? false, description ? null, class ? null }@args:
      let
        asModules = map (d:
          if isAttrs d.value && shorthandOnlyDefinesConfig
          then { _file = d.file; config = d.value; }
          else { _file = d.file; imports = [ d.value ]; });
      in
      mkOptionType {
        name = "submodule";
        description = if description != null then description else "submodule";
        check = x: isAttrs x || isFunction x || path.check x;
        merge = loc: defs:
          (lib.modules.evalModules {
            inherit specialArgs class;
            prefix = loc;
            modules = [ { _module.args.name = lib.lists.last loc; } ] ++ modules ++ asModules defs;
          }).config;
        emptyValue = { value = { }; };
        getSubOptions = prefix:
          (lib.modules.evalModules {
            inherit specialArgs class prefix;
            modules = [ { _module.args.name = lib.modules.mkOptionDefault "‹name›"; } ] ++ modules;
          }).options;
        getSubModules = modules;
        substSubModules = m: submoduleWith (args // { modules = m; });
        functor = defaultFunctor "submodule" // {
          type = submoduleWith;
          payload = { inherit modules specialArgs shorthandOnlyDefinesConfig description class; };
          binOp = a: b: {
            modules = a.modules ++ b.modules;
            specialArgs = a.specialArgs // b.specialArgs;
            shorthandOnlyDefinesConfig = a.shorthandOnlyDefinesConfig;
            description = if a.description == null then b.description else a.description;
            class = if a.class == null then b.class else a.class;
          };
        };
      };
    submodule = modules: submoduleWith { shorthandOnlyDefinesConfig = true; modules = lib.lists.toList modules; };

    deferredModule = mkOptionType {
      name = "deferredModule";
      description = "module";
      descriptionClass = "noun";
      check = x: isAttrs x || isFunction x || path.check x;
      merge = loc: defs: { imports = map (d: lib.modules.setDefaultModuleLocation "${d.file}, via option ${showOption loc}" d.value) defs; };
    };
  };
in
types
