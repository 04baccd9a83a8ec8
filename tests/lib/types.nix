# Tests of lib.types: names, descriptions (every example of the facts sheet
# §1.1-1.2), description classes, checks on valid and invalid values, empty
# values, nested types, functors and helpers.
let
  lib = import ../../analyzer/nixos/src/modules/lib;
  inherit (lib) types;
  t = types;
  desc = ty: ty.description;
  drv = { type = "derivation"; name = "hello-2.12"; outPath = "/nix/store/abc-hello-2.12"; };
  checks = ty: vs: map ty.check vs;
in
{
  # --- descriptions: the checked examples of facts §1.1 ---
  descListOfAttrs = { expr = desc (t.listOf t.attrs); expected = "list of (attribute set)"; };
  descNullOrSubmodule = { expr = desc (t.nullOr (t.submodule { })); expected = "null or (submodule)"; };
  descNullOrListOfStr = { expr = desc (t.nullOr (t.listOf t.str)); expected = "null or (list of string)"; };
  descListOfListOfStr = { expr = desc (t.listOf (t.listOf t.str)); expected = "list of list of string"; };
  descListOfNullOrStr = { expr = desc (t.listOf (t.nullOr t.str)); expected = "list of (null or string)"; };
  descNullOrEither = { expr = desc (t.nullOr (t.either t.int t.str)); expected = "null or signed integer or string"; };
  descListOfEnum = { expr = desc (t.listOf (t.enum [ "a" "b" ])); expected = ''list of (one of "a", "b")''; };
  descAttrsOfEither = { expr = desc (t.attrsOf (t.either t.int t.str)); expected = "attribute set of (signed integer or string)"; };
  descEitherStrList = { expr = desc (t.either t.str (t.listOf t.str)); expected = "string or list of string"; };
  descEitherListStr = { expr = desc (t.either (t.listOf t.str) t.str); expected = "(list of string) or string"; };
  descNonEmptyListOfNullOr = { expr = desc (t.nonEmptyListOf (t.nullOr t.str)); expected = "non-empty (list of (null or string))"; };
  descCoercedTo = { expr = desc (t.coercedTo (t.listOf t.str) lib.id t.str); expected = "string or (list of string) convertible to it"; };
  descOneOf = { expr = desc (t.oneOf [ t.str (t.listOf t.str) (t.attrsOf t.str) ]); expected = "string or list of string or attribute set of string"; };
  descEitherNrcLeft = { expr = desc (t.either t.ints.positive t.str); expected = "positive integer, meaning >0, or string"; };
  descEitherNrcRight = { expr = desc (t.either t.str t.ints.unsigned); expected = "string or (unsigned integer, meaning >=0)"; };
  descNullOrNrc = { expr = desc (t.nullOr t.ints.unsigned); expected = "null or (unsigned integer, meaning >=0)"; };
  descListOfNrc = { expr = desc (t.listOf t.port); expected = "list of 16 bit unsigned integer; between 0 and 65535 (both inclusive)"; };
  descListOfSubmodule = { expr = desc (t.listOf (t.submodule { })); expected = "list of (submodule)"; };
  descAttrsOfAttrsOf = { expr = desc (t.attrsOf (t.attrsOf t.str)); expected = "attribute set of attribute set of string"; };
  descNullOrNullOr = { expr = desc (t.nullOr (t.nullOr t.str)); expected = "null or null or string"; };
  descNullOrAttrsOf = { expr = desc (t.nullOr (t.attrsOf t.int)); expected = "null or (attribute set of signed integer)"; };
  descFunctionTo = { expr = desc (t.functionTo t.str); expected = "function that evaluates to a(n) string"; };
  descFunctionToAttrs = { expr = desc (t.functionTo t.attrs); expected = "function that evaluates to a(n) (attribute set)"; };
  descLazyAttrsOf = { expr = desc (t.lazyAttrsOf t.bool); expected = "lazy attribute set of boolean"; };
  descAttrsWith = { expr = desc (t.attrsWith { elemType = t.int; placeholder = "user"; }); expected = "attribute set of signed integer"; };
  descAttrListOf = { expr = desc (t.attrListOf t.str); expected = "attribute list of string"; };
  descCoercedToNested = { expr = desc (t.listOf (t.coercedTo t.str lib.toList (t.listOf t.str))); expected = "list of ((list of string) or string convertible to it)"; };
  descCoercedToInNullOr = { expr = desc (t.nullOr (t.coercedTo t.int toString t.str)); expected = "null or (string or signed integer convertible to it)"; };
  descEitherCoercedRight = { expr = desc (t.either t.int (t.coercedTo t.int toString t.str)); expected = "signed integer or (string or signed integer convertible to it)"; };
  descEitherCompositeLeft = { expr = desc (t.either (t.attrsOf t.str) t.bool); expected = "(attribute set of string) or boolean"; };
  descEitherConjLeft = { expr = desc (t.either (t.either t.int t.str) t.bool); expected = "signed integer or string or boolean"; };
  descEitherConjRight = { expr = desc (t.either t.bool (t.either t.int t.str)); expected = "boolean or signed integer or string"; };
  descUniqKeepsInner = { expr = desc (t.uniq (t.listOf t.str)); expected = "list of string"; };
  descPasswdEntry = { expr = desc (t.passwdEntry t.str); expected = "string, not containing newlines or colons"; };
  descPasswdEntryComposite = { expr = desc (t.passwdEntry (t.listOf t.str)); expected = "(list of string), not containing newlines or colons"; };
  descListOfPasswdEntry = { expr = desc (t.listOf (t.passwdEntry t.str)); expected = "list of (string, not containing newlines or colons)"; };
  descNonEmptyListOfStr = { expr = desc (t.nonEmptyListOf t.str); expected = "non-empty (list of string)"; };
  descOpenSubmodule = { expr = desc (t.submodule { freeformType = t.attrsOf t.str; }); expected = "open submodule of attribute set of string"; };
  descOpenSubmoduleConfig = { expr = desc (t.submodule { config._module.freeformType = t.json; }); expected = "open submodule of (JSON value)"; };
  descSubmoduleWithDescription = { expr = desc (t.submoduleWith { modules = [ ]; description = "my thing"; }); expected = "my thing"; };
  descSubmoduleFunction = { expr = desc (t.submodule ({ ... }: { })); expected = "submodule"; };

  # --- descriptions of every type (facts §1.2) ---
  descRaw = { expr = desc t.raw; expected = "raw value"; };
  descAnything = { expr = desc t.anything; expected = "anything"; };
  descUnspecified = { expr = desc t.unspecified; expected = "unspecified value"; };
  descBool = { expr = desc t.bool; expected = "boolean"; };
  descBoolByOr = { expr = desc t.boolByOr; expected = "boolean (merged using or)"; };
  descInt = { expr = desc t.int; expected = "signed integer"; };
  descIntsBetween = { expr = desc (t.ints.between 1 10); expected = "integer between 1 and 10 (both inclusive)"; };
  descIntsUnsigned = { expr = desc t.ints.unsigned; expected = "unsigned integer, meaning >=0"; };
  descIntsPositive = { expr = desc t.ints.positive; expected = "positive integer, meaning >0"; };
  descU8 = { expr = desc t.ints.u8; expected = "8 bit unsigned integer; between 0 and 255 (both inclusive)"; };
  descU16 = { expr = desc t.ints.u16; expected = "16 bit unsigned integer; between 0 and 65535 (both inclusive)"; };
  descU32 = { expr = desc t.ints.u32; expected = "32 bit unsigned integer; between 0 and 4294967295 (both inclusive)"; };
  descS8 = { expr = desc t.ints.s8; expected = "8 bit signed integer; between -128 and 127 (both inclusive)"; };
  descS16 = { expr = desc t.ints.s16; expected = "16 bit signed integer; between -32768 and 32767 (both inclusive)"; };
  descS32 = { expr = desc t.ints.s32; expected = "32 bit signed integer; between -2147483648 and 2147483647 (both inclusive)"; };
  descPort = { expr = desc t.port; expected = "16 bit unsigned integer; between 0 and 65535 (both inclusive)"; };
  descFloat = { expr = desc t.float; expected = "floating point number"; };
  descNumber = { expr = desc t.number; expected = "signed integer or floating point number"; };
  descNumbersBetween = { expr = desc (t.numbers.between 0 1); expected = "integer or floating point number between 0 and 1 (both inclusive)"; };
  descNumbersNonnegative = { expr = desc t.numbers.nonnegative; expected = "nonnegative integer or floating point number, meaning >=0"; };
  descNumbersPositive = { expr = desc t.numbers.positive; expected = "positive integer or floating point number, meaning >0"; };
  descStr = { expr = desc t.str; expected = "string"; };
  descNonEmptyStr = { expr = desc t.nonEmptyStr; expected = "non-empty string"; };
  descSingleLineStr = { expr = desc t.singleLineStr; expected = "(optionally newline-terminated) single-line string"; };
  descStrMatching = { expr = desc (t.strMatching "[a-z]+"); expected = "string matching the pattern [a-z]+"; };
  descSeparatedString = { expr = desc (t.separatedString ";"); expected = ''strings concatenated with ";"''; };
  descLines = { expr = desc t.lines; expected = ''strings concatenated with "\n"''; };
  descCommas = { expr = desc t.commas; expected = ''strings concatenated with ","''; };
  descEnvVar = { expr = desc t.envVar; expected = ''strings concatenated with ":"''; };
  descAttrs = { expr = desc t.attrs; expected = "attribute set"; };
  descPackage = { expr = desc t.package; expected = "package"; };
  descShellPackage = { expr = desc t.shellPackage; expected = "package"; };
  descPkgs = { expr = desc t.pkgs; expected = "Nixpkgs package set"; };
  descPath = { expr = desc t.path; expected = "absolute path"; };
  descPathInStore = { expr = desc t.pathInStore; expected = "path in the Nix store"; };
  descExternalPath = { expr = desc t.externalPath; expected = "absolute path not in the Nix store"; };
  descPathWithRelative = { expr = desc (t.pathWith { absolute = false; }); expected = "relative path"; };
  descPathWithNone = { expr = desc (t.pathWith { }); expected = "path"; };
  descPathWithNotInStore = { expr = desc (t.pathWith { inStore = false; }); expected = "path not in the Nix store"; };
  descEnumMixed = { expr = desc (t.enum [ "a" 1 true null ]); expected = ''one of "a", 1, true, <null>''; };
  descEnumEmpty = { expr = desc (t.enum [ ]); expected = "impossible (empty enum)"; };
  descEnumSingular = { expr = desc (t.enum [ "a" ]); expected = ''value "a" (singular enum)''; };
  descEnumSingularInt = { expr = desc (t.enum [ 3 ]); expected = "value 3 (singular enum)"; };
  descListOfSingularEnum = { expr = desc (t.listOf (t.enum [ "a" ])); expected = ''list of value "a" (singular enum)''; };
  descDeferredModule = { expr = desc t.deferredModule; expected = "module"; };
  descOptionType = { expr = desc t.optionType; expected = "optionType"; };
  descOptionDeclaration = { expr = desc t.optionDeclaration; expected = "option declaration"; };
  descJson = { expr = desc t.json; expected = "JSON value"; };
  descToml = { expr = desc t.toml; expected = "TOML value"; };
  descSerializable = { expr = desc (t.serializableValueWith { typeName = "YAML"; }); expected = "YAML value"; };
  descAttrTag = { expr = desc (t.attrTag { a = lib.mkOption { type = t.int; }; b = lib.mkOption { type = t.str; }; }); expected = "attribute-tagged union with choices: a, b"; };
  descLuaInline = { expr = desc t.luaInline; expected = "inline lua"; };
  descAddCheckKeeps = { expr = desc (t.addCheck t.int (x: x > 3)); expected = "signed integer"; };
  descMkOptionTypeDefault = { expr = desc (t.mkOptionType { name = "myType"; }); expected = "myType"; };

  # --- names ---
  names = {
    expr = map (ty: ty.name) [
      t.raw t.anything t.unspecified t.bool t.boolByOr t.int (t.ints.between 0 1) t.ints.unsigned
      t.ints.positive t.ints.u8 t.ints.u16 t.ints.u32 t.ints.s8 t.ints.s16 t.ints.s32 t.port
      t.float t.number (t.numbers.between 0 1) t.numbers.nonnegative t.numbers.positive
    ];
    expected = [
      "raw" "anything" "unspecified" "bool" "boolByOr" "int" "intBetween" "unsignedInt"
      "positiveInt" "unsignedInt8" "unsignedInt16" "unsignedInt32" "signedInt8" "signedInt16" "signedInt32" "unsignedInt16"
      "float" "either" "numberBetween" "numberNonnegative" "numberPositive"
    ];
  };
  names2 = {
    expr = map (ty: ty.name) [
      t.str t.nonEmptyStr t.singleLineStr (t.strMatching "a.b") (t.separatedString ",") t.lines t.commas t.envVar
      (t.passwdEntry t.str) t.attrs t.package t.shellPackage t.pkgs t.path t.pathInStore t.externalPath
      (t.listOf t.str) (t.nonEmptyListOf t.str) (t.attrsOf t.str) (t.lazyAttrsOf t.str) (t.uniq t.str)
      (t.unique { message = "m"; } t.str) (t.nullOr t.str) (t.functionTo t.str) (t.submodule { })
      (t.submoduleWith { modules = [ ]; }) t.deferredModule t.optionDeclaration t.optionType (t.enum [ ])
      (t.either t.int t.str) (t.oneOf [ t.int t.str ]) (t.coercedTo t.int toString t.str) t.json t.toml
      (t.attrTag { }) (t.attrListOf t.int) (t.loaOf t.str)
    ];
    expected = [
      "str" "nonEmptyStr" "singleLineStr" ''strMatching "a.b"'' "separatedString" "separatedString" "separatedString" "separatedString"
      "passwdEntry str" "attrs" "package" "package" "pkgs" "path" "path" "path"
      "listOf" "listOf" "attrsOf" "lazyAttrsOf" "unique"
      "unique" "nullOr" "functionTo" "submodule"
      "submodule" "deferredModule" "optionDeclaration" "optionType" "enum"
      "either" "either" "coercedTo" "nullOr" "either"
      "attrTag" "attrListOf" "loaOf"
    ];
  };
  oneOfSingle = { expr = (t.oneOf [ t.str ]).name; expected = "str"; };
  oneOfEmpty = { expr = (builtins.tryEval (t.oneOf [ ]).name).success; expected = false; };
  oneOfEmptyMessage = { expr = (t.oneOf [ ]).name; expectedError = "types.oneOf needs to get at least one type in its argument"; };

  # --- description classes ---
  classes = {
    expr = map (ty: ty.descriptionClass) [
      t.str t.int t.bool t.attrs (t.submodule { }) (t.coercedTo t.int toString t.str)
      (t.listOf t.str) (t.attrsOf t.str) (t.functionTo t.str) (t.nullOr t.str) (t.either t.int t.str)
      t.ints.unsigned t.ints.positive t.ints.u8 (t.ints.between 0 3) t.number t.numbers.nonnegative
      (t.numbers.between 0 1) (t.passwdEntry t.str) (t.enum [ ]) (t.enum [ "a" ]) (t.enum [ "a" "b" ])
      (t.nonEmptyListOf t.str) (t.uniq t.ints.positive) t.anything t.raw t.lines
    ];
    expected = [
      "noun" "noun" "noun" null null null
      "composite" "composite" "composite" "conjunction" "conjunction"
      "nonRestrictiveClause" "nonRestrictiveClause" "noun" "noun" "conjunction" "nonRestrictiveClause"
      "conjunction" "nonRestrictiveClause" "noun" "noun" "conjunction"
      "composite" "nonRestrictiveClause" "noun" "noun" "noun"
    ];
  };

  # --- the common fields ---
  optionTypeMarker = { expr = t.str._type; expected = "option-type"; };
  deprecationNull = { expr = map (ty: ty.deprecationMessage) [ t.str (t.listOf t.int) (t.submodule { }) ]; expected = [ null null null ]; };
  isOptionTypeYes = { expr = t.isOptionType (t.listOf t.str); expected = true; };
  isOptionTypeNo = { expr = map t.isOptionType [ { } "str" (lib.mkOption { }) ]; expected = [ false false false ]; };
  isTypeHelper = { expr = [ (t.isType "if" (lib.mkIf true 1)) (t.isType "if" { }) (t.isType "x" 3) ]; expected = [ true false false ]; };
  setTypeHelper = { expr = t.setType "foo" { a = 1; }; expected = { _type = "foo"; a = 1; }; };
  mkOptionTypeDefaults = {
    expr = let ty = t.mkOptionType { name = "x"; }; in
      [ ty.descriptionClass (ty.check 42) ty.emptyValue ty.getSubModules (ty.getSubOptions [ ]) ty.deprecationMessage ty.nestedTypes ty.functor.name ty.functor.payload ];
    expected = [ null true { } null { } null { } "x" null ];
  };

  # --- empty values ---
  emptyValues = {
    expr = map (ty: ty.emptyValue) [
      t.str t.int (t.listOf t.str) (t.attrsOf t.str) (t.lazyAttrsOf t.int) (t.nullOr t.str) t.attrs
      t.lines (t.nonEmptyListOf t.str) t.anything (t.coercedTo t.str lib.toList (t.listOf t.str))
    ];
    expected = [
      { } { } { value = [ ]; } { value = { }; } { value = { }; } { value = null; } { value = { }; }
      { value = ""; } { } { } { value = [ ]; }
    ];
  };

  # --- nested types ---
  nestedListOf = { expr = (t.listOf t.int).nestedTypes.elemType.name; expected = "int"; };
  nestedEither = { expr = with (t.either t.int t.str).nestedTypes; [ left.name right.name ]; expected = [ "int" "str" ]; };
  nestedCoercedTo = {
    expr = let c = t.coercedTo t.int toString t.str; in
      [ c.nestedTypes.coercedType.name c.nestedTypes.finalType.name c.coercedType.name c.finalType.name (c.coerceFunc 5) ];
    expected = [ "int" "str" "int" "str" "5" ];
  };
  nestedAttrsOf = { expr = (t.attrsOf (t.listOf t.str)).nestedTypes.elemType.nestedTypes.elemType.name; expected = "str"; };
  nestedNullOr = { expr = (t.nullOr t.port).nestedTypes.elemType.name; expected = "unsignedInt16"; };
  nestedFreeform = { expr = (t.submodule { freeformType = t.attrsOf t.str; }).nestedTypes.freeformType.name; expected = "attrsOf"; };

  # --- submodules ---
  submoduleFields = {
    expr = let s = t.submodule { options = { }; }; in
      [ (builtins.length s.getSubModules) s.shorthandOnlyDefinesConfig s.specialArgs s.class s.freeformType ];
    expected = [ 1 true { } null null ];
  };
  submoduleWithFields = {
    expr = let s = t.submoduleWith { modules = [ { } { } ]; specialArgs = { a = 1; }; class = "nixos"; }; in
      [ (builtins.length s.getSubModules) s.shorthandOnlyDefinesConfig s.specialArgs s.class ];
    expected = [ 2 false { a = 1; } "nixos" ];
  };
  submoduleListModules = { expr = builtins.length (t.submodule [ { } { } { } ]).getSubModules; expected = 3; };
  submoduleCheck = {
    expr = checks (t.submodule { }) [ { } (x: x) /etc/foo "/abs/path" "rel" 3 [ ] null ];
    expected = [ true true true true false false false false ];
  };
  deferredModuleCheck = { expr = checks t.deferredModule [ { } (x: x) "/x" 1 ]; expected = [ true true true false ]; };
  deferredModuleMerge = {
    expr = let r = t.deferredModule.merge [ "foo" "bar" ] [ { file = "a.nix"; value = { x = 1; }; } ]; in
      [ (builtins.length r.imports) (builtins.head r.imports)._file ];
    expected = [ 1 "a.nix, via option foo.bar" ];
  };
  deferredModuleStatic = { expr = builtins.length (t.deferredModuleWith { staticModules = [ { } ]; }).getSubModules; expected = 1; };

  # --- checks: valid and invalid values ---
  checkRaw = { expr = checks t.raw [ 1 null (x: x) ]; expected = [ true true true ]; };
  checkAnything = { expr = checks t.anything [ 1 "a" { } [ ] null ]; expected = [ true true true true true ]; };
  checkUnspecified = { expr = checks t.unspecified [ 1 { } ]; expected = [ true true ]; };
  checkBool = { expr = checks t.bool [ true false 1 "true" null ]; expected = [ true true false false false ]; };
  checkBoolByOr = { expr = checks t.boolByOr [ true 0 ]; expected = [ true false ]; };
  checkInt = { expr = checks t.int [ 1 (-5) 1.0 "1" true ]; expected = [ true true false false false ]; };
  checkIntsBetween = { expr = checks (t.ints.between 1 10) [ 1 10 0 11 5.0 ]; expected = [ true true false false false ]; };
  checkIntsUnsigned = { expr = checks t.ints.unsigned [ 0 7 (-1) ]; expected = [ true true false ]; };
  checkIntsPositive = { expr = checks t.ints.positive [ 1 0 (-1) ]; expected = [ true false false ]; };
  checkU8 = { expr = checks t.ints.u8 [ 0 255 256 (-1) ]; expected = [ true true false false ]; };
  checkU16 = { expr = checks t.ints.u16 [ 65535 65536 ]; expected = [ true false ]; };
  checkU32 = { expr = checks t.ints.u32 [ 4294967295 4294967296 ]; expected = [ true false ]; };
  checkS8 = { expr = checks t.ints.s8 [ (-128) 127 128 (-129) ]; expected = [ true true false false ]; };
  checkS16 = { expr = checks t.ints.s16 [ (-32768) 32767 32768 ]; expected = [ true true false ]; };
  checkS32 = { expr = checks t.ints.s32 [ (-2147483648) 2147483647 2147483648 ]; expected = [ true true false ]; };
  checkPort = { expr = checks t.port [ 80 0 65535 65536 (-1) "80" ]; expected = [ true true true false false false ]; };
  checkFloat = { expr = checks t.float [ 1.5 1 ]; expected = [ true false ]; };
  checkNumber = { expr = checks t.number [ 1 1.5 "1" ]; expected = [ true true false ]; };
  checkNumbersBetween = { expr = checks (t.numbers.between 0 1) [ 0 0.5 1 1.5 (-1) ]; expected = [ true true true false false ]; };
  checkNumbersNonnegative = { expr = checks t.numbers.nonnegative [ 0 0.0 (-0.5) ]; expected = [ true true false ]; };
  checkNumbersPositive = { expr = checks t.numbers.positive [ 0.1 0 ]; expected = [ true false ]; };
  checkStr = { expr = checks t.str [ "a" "" /etc drv 1 null ]; expected = [ true true false false false false ]; };
  checkNonEmptyStr = { expr = checks t.nonEmptyStr [ "a" " a " "" " " "\t\n" 1 ]; expected = [ true true false false false false ]; };
  checkSingleLineStr = { expr = checks t.singleLineStr [ "abc" "abc\n" "a\nb" "a\rb" "a\n\n" "" ]; expected = [ true true false false false true ]; };
  checkStrMatching = { expr = checks (t.strMatching "[a-z]+") [ "abc" "aBc" "abc1" "" 1 ]; expected = [ true false false false false ]; };
  checkSeparatedString = { expr = checks t.lines [ "a" 1 [ "a" ] ]; expected = [ true false false ]; };
  checkPasswdEntry = { expr = checks (t.passwdEntry t.str) [ "alice" "a:b" "a\nb" 1 ]; expected = [ true false false false ]; };
  checkAttrs = { expr = checks t.attrs [ { } { a = 1; } [ ] "x" ]; expected = [ true true false false ]; };
  checkPackage = { expr = checks t.package [ drv "/nix/store/abc-hello" "/nix/store/abc-hello/bin" { } "hello" ]; expected = [ true true false false false ]; };
  checkShellPackage = { expr = checks t.shellPackage [ (drv // { shellPath = "/bin/zsh"; }) drv ]; expected = [ true false ]; };
  checkPkgs = { expr = checks t.pkgs [ { _type = "pkgs"; } { } ]; expected = [ true false ]; };
  checkPath = { expr = checks t.path [ "/etc/x" /etc/x { outPath = "/x"; } "rel/x" "" 1 ]; expected = [ true true true false false false ]; };
  checkPathInStore = {
    expr = checks t.pathInStore [ "/nix/store/abc-foo" "/nix/store/abc-foo/bin/x" "/nix/store" "/nix/store/" "/etc/x" drv ];
    expected = [ true true false false false true ];
  };
  checkExternalPath = { expr = checks t.externalPath [ "/etc/x" /etc/x "/nix/store/abc-foo" "rel" ]; expected = [ true false false false ]; };
  checkPathWithRelative = { expr = checks (t.pathWith { absolute = false; }) [ "a/b" "/a" ]; expected = [ true false ]; };
  pathWithImpossible = { expr = (builtins.tryEval (t.pathWith { inStore = true; absolute = false; }).name).success; expected = false; };
  checkLuaInline = { expr = checks t.luaInline [ { _type = "lua-inline"; expr = "x"; } "x" ]; expected = [ true false ]; };
  checkEnum = { expr = checks (t.enum [ "a" 1 null ]) [ "a" 1 null "b" 2 ]; expected = [ true true true false false ]; };
  checkEnumEmpty = { expr = checks (t.enum [ ]) [ "a" null ]; expected = [ false false ]; };
  checkListOf = { expr = checks (t.listOf t.int) [ [ ] [ 1 ] [ "a" ] "a" ]; expected = [ true true true false ]; };
  checkNonEmptyListOf = { expr = checks (t.nonEmptyListOf t.int) [ [ 1 ] [ ] 1 ]; expected = [ true false false ]; };
  checkAttrsOf = { expr = checks (t.attrsOf t.int) [ { } { a = "x"; } [ ] ]; expected = [ true true false ]; };
  checkLazyAttrsOf = { expr = checks (t.lazyAttrsOf t.int) [ { } 1 ]; expected = [ true false ]; };
  checkAttrListOf = { expr = checks (t.attrListOf t.int) [ [ ] { } 1 ]; expected = [ true true false ]; };
  checkNullOr = { expr = checks (t.nullOr t.int) [ null 1 "a" ]; expected = [ true true false ]; };
  checkEither = { expr = checks (t.either t.int t.str) [ 1 "a" true ]; expected = [ true true false ]; };
  checkOneOf = { expr = checks (t.oneOf [ t.int t.bool t.str ]) [ 1 true "a" null ]; expected = [ true true true false ]; };
  checkCoercedTo = {
    expr = checks (t.coercedTo t.int toString t.str) [ 1 "a" true ];
    expected = [ true true false ];
  };
  checkCoercedToBadCoercion = {
    expr = checks (t.coercedTo t.int (x: x) t.str) [ 1 "a" ];
    expected = [ false true ];
  };
  checkAddCheck = { expr = checks (t.addCheck t.int (x: x > 3)) [ 4 3 "a" ]; expected = [ true false false ]; };
  checkUniq = { expr = checks (t.uniq t.int) [ 1 "a" ]; expected = [ true false ]; };
  checkFunctionTo = { expr = checks (t.functionTo t.str) [ (x: x) { __functor = self: x: x; } "f" ]; expected = [ true true false ]; };
  checkOptionType = { expr = checks t.optionType [ t.str { } ]; expected = [ true false ]; };
  checkOptionDeclaration = { expr = checks t.optionDeclaration [ (lib.mkOption { }) ((lib.mkOption { }) // { value = 1; }) { } ]; expected = [ true false false ]; };
  checkJson = { expr = checks t.json [ null true 1 1.5 "s" { a = 1; } [ 1 ] (x: x) ]; expected = [ true true true true true true true false ]; };
  checkToml = { expr = checks t.toml [ null "s" [ ] ]; expected = [ false true true ]; };
  checkAttrTag = {
    expr = checks (t.attrTag { a = lib.mkOption { type = t.int; }; b = lib.mkOption { type = t.str; }; })
      [ { a = 1; } { b = "x"; } { c = 1; } { a = 1; b = "x"; } { } 1 ];
    expected = [ true true false false false false ];
  };

  # --- merges of simple types (definitions already without properties) ---
  mergeStrEqual = { expr = t.str.merge [ "a" ] [ { file = "f"; value = "x"; } { file = "g"; value = "x"; } ]; expected = "x"; };
  mergeStrConflict = { expr = t.str.merge [ "a" ] [ { file = "f"; value = "x"; } { file = "g"; value = "y"; } ]; expectedError = "The option `a' has conflicting definition values:\n- In `f': \"x\"\n- In `g': \"y\"\nUse `lib.mkForce value` or `lib.mkDefault value` to change the priority on any of these definitions."; };
  mergeLines = { expr = t.lines.merge [ "a" ] [ { file = "f"; value = "b"; } { file = "g"; value = "a"; } ]; expected = "b\na"; };
  mergeCommas = { expr = t.commas.merge [ "a" ] [ { file = "f"; value = "x"; } { file = "g"; value = "y"; } ]; expected = "x,y"; };
  mergeBoolByOr = { expr = t.boolByOr.merge [ "a" ] [ { file = "f"; value = false; } { file = "g"; value = true; } ]; expected = true; };
  mergeAttrsLastWins = { expr = t.attrs.merge [ "a" ] [ { file = "f"; value = { x = 1; y = 1; }; } { file = "g"; value = { x = 2; }; } ]; expected = { x = 2; y = 1; }; };
  mergeSingleLineStr = { expr = t.singleLineStr.merge [ "a" ] [ { file = "f"; value = "abc\n"; } ]; expected = "abc"; };
  mergeNullOrAllNull = { expr = (t.nullOr t.str).merge [ "a" ] [ { file = "f"; value = null; } { file = "g"; value = null; } ]; expected = null; };
  mergeNullOrNone = { expr = (t.nullOr t.str).merge [ "a" ] [ { file = "f"; value = "x"; } ]; expected = "x"; };
  mergeNullOrMix = { expr = (t.nullOr t.str).merge [ "a" ] [ { file = "f"; value = null; } { file = "g"; value = "x"; } ]; expectedError = "The option `a` is defined both null and not null, in `f' and `g'."; };
  mergeEitherLeft = { expr = (t.either t.int t.str).merge [ "a" ] [ { file = "f"; value = 1; } ]; expected = 1; };
  mergeEitherRightLines = { expr = (t.either t.int t.lines).merge [ "a" ] [ { file = "f"; value = "x"; } { file = "g"; value = "y"; } ]; expected = "x\ny"; };
  mergeCoercedTo = { expr = (t.coercedTo t.int toString t.str).merge [ "a" ] [ { file = "f"; value = 5; } { file = "g"; value = "5"; } ]; expected = "5"; };
  mergeUniqTwo = { expr = (t.uniq t.int).merge [ "a" ] [ { file = "f"; value = 1; } { file = "g"; value = 1; } ]; expectedError = "The option `a' is defined multiple times while it's expected to be unique."; };
  mergeUniqOne = { expr = (t.uniq t.int).merge [ "a" ] [ { file = "f"; value = 1; } ]; expected = 1; };
  mergeUnspecifiedLists = { expr = t.unspecified.merge [ "a" ] [ { file = "f"; value = [ 1 ]; } { file = "g"; value = [ 2 ]; } ]; expected = [ 1 2 ]; };
  mergePkgsUnique = { expr = t.pkgs.merge [ "p" ] [ { file = "f"; value = { }; } { file = "g"; value = { }; } ]; expectedError = "A Nixpkgs pkgs set can not be merged with another pkgs set."; };
  mergeMarkers = {
    expr = map (ty: ty.merge._qgMerge) [
      t.str t.int t.raw t.unspecified t.boolByOr t.lines t.attrs (t.listOf t.str) (t.attrsOf t.str)
      (t.lazyAttrsOf t.str) (t.nullOr t.str) (t.either t.int t.str) (t.submodule { }) t.anything
      (t.functionTo t.str) (t.uniq t.str) (t.coercedTo t.int toString t.str) t.package t.deferredModule
    ];
    expected = [
      "equal" "equal" "one" "default" "or" "separatedString" "attrs" "listOf" "attrsOf"
      "lazyAttrsOf" "nullOr" "either" "submodule" "anything"
      "functionTo" "unique" "coercedTo" "package" "deferredModule"
    ];
  };

  # --- declaration merging (functors) ---
  typeMergeStr = { expr = (t.str.typeMerge t.str.functor).name; expected = "str"; };
  typeMergeStrInt = { expr = t.str.typeMerge t.int.functor; expected = null; };
  typeMergeEnumUnion = { expr = ((t.enum [ "a" "b" ]).typeMerge (t.enum [ "b" "c" ]).functor).description; expected = ''one of "a", "b", "c"''; };
  typeMergeAttrsOf = { expr = ((t.attrsOf t.str).typeMerge (t.attrsOf t.str).functor).description; expected = "attribute set of string"; };
  typeMergeAttrsOfMismatch = { expr = (t.attrsOf t.str).typeMerge (t.attrsOf t.int).functor; expected = null; };
  typeMergeListOf = { expr = ((t.listOf t.int).typeMerge (t.listOf t.int).functor).name; expected = "listOf"; };
  typeMergeSubmodules = { expr = builtins.length ((t.submodule { a = 1; }).typeMerge (t.submodule { b = 1; }).functor).getSubModules; expected = 2; };
  mergeTypesError = { expr = t.mergeTypes t.str t.int; expected = { _type = "merge-error"; error = "Cannot merge types"; }; };
  typeMergeSeparated = { expr = (t.lines.typeMerge t.lines.functor).description; expected = ''strings concatenated with "\n"''; };
  typeMergeSeparatedMismatch = { expr = t.lines.typeMerge t.commas.functor; expected = null; };
  typeMergeCoercedTo = { expr = let c = t.coercedTo t.int toString t.str; in c.typeMerge c.functor; expected = null; };

  # --- laziness ---
  listOfLazyElem = { expr = (t.listOf (throw "elem")).check [ ]; expected = true; };
  submoduleLazyModules = { expr = (t.submodule (throw "module")).name; expected = "submodule"; };
  lazyJsonRecursion = { expr = (t.attrsOf t.json).description; expected = "attribute set of (JSON value)"; };
  subOptionsPrefix = { expr = (t.listOf (t.mkOptionType { name = "x"; getSubOptions = p: p; })).getSubOptions [ "a" ]; expected = [ "a" "*" ]; };
  subOptionsAttrsPrefix = { expr = (t.attrsWith { elemType = t.mkOptionType { name = "x"; getSubOptions = p: p; }; placeholder = "user"; }).getSubOptions [ "a" ]; expected = [ "a" "<user>" ]; };
  loaOfDeprecated = { expr = (t.loaOf t.str).deprecationMessage != null; expected = true; };
}
