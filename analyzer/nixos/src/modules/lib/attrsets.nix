# lib.attrsets: building, reading, transforming and merging attribute sets.
{ lib }:
let
  inherit (builtins)
    concatMap elemAt filter foldl' head length tail;
in
rec {
  ## Paths

  # The value at `attrPath` in `set`, or `default` when a step is missing or
  # is not a set.
  attrByPath = attrPath: default: set:
    let
      go = path: s:
        if path == [ ] then s
        else
          let name = head path; in
          if isAttrs s && s ? ${name} then go (tail path) s.${name} else default;
    in
    go attrPath set;

  # Whether every step of `attrPath` exists in `set` (`[]` exists).
  hasAttrByPath = attrPath: set:
    let
      go = path: s:
        path == [ ]
        || (isAttrs s && s ? ${head path} && go (tail path) s.${head path});
    in
    go attrPath set;

  # The longest prefix of `attrPath` that exists in `set`.
  longestValidPathPrefix = attrPath: set:
    let
      go = acc: path: s:
        if path != [ ] && isAttrs s && s ? ${head path}
        then go (acc ++ [ (head path) ]) (tail path) s.${head path}
        else acc;
    in
    go [ ] attrPath set;

  # Nested singleton sets holding `value` at `attrPath` (`[]` gives `value`).
  setAttrByPath = attrPath: value:
    lib.lists.foldr (name: inner: { ${name} = inner; }) value attrPath;

  # The value at `attrPath`; aborts (uncatchable) when it does not exist.
  getAttrFromPath = attrPath: set:
    attrByPath attrPath
      (abort "cannot find attribute '${lib.strings.concatStringsSep "." attrPath}'")
      set;

  # An attribute path written as Nix would (`a."b.c"`), or
  # "<root attribute path>" for `[]`.
  showAttrPath = path:
    if path == [ ] then "<root attribute path>"
    else lib.strings.concatMapStringsSep "." lib.strings.escapeNixIdentifier path;

  # Applies `{ path; update = old: new; }` updates. At every level the updates
  # of deeper paths run first, then those ending there, in list order; a path
  # that does not exist gives no `old` (reading it throws).
  updateManyAttrsByPath = updates: value:
    let
      go = depth: hasValue: value: updates:
        let
          here = filter (u: length u.path == depth) updates;
          deeper = filter (u: length u.path > depth) updates;
          byName = lib.lists.groupBy (u: elemAt u.path depth) deeper;
          has = name: hasValue && isAttrs value && value ? ${name};
          afterChildren =
            if deeper == [ ] then value
            else (if hasValue then value else { })
              // mapAttrs (name: us: go (depth + 1) (has name) (if has name then value.${name} else null) us) byName;
          start =
            if hasValue || deeper != [ ] then afterChildren
            else throw "updateManyAttrsByPath: Path '${showAttrPath (head here).path}' does not exist in the expression";
        in
        lib.lists.foldl (old: u: u.update old) start here;
    in
    go 0 true value updates;

  ## Selecting

  # The values of the named attributes, in the order of `nameList`.
  attrVals = nameList: set: map (name: set.${name}) nameList;

  # The sub-set with the given names (each must exist).
  getAttrs = names: set: genAttrs names (name: set.${name});

  # Keeps the attributes for which `pred name value` holds.
  filterAttrs = pred: set:
    removeAttrs set (filter (name: !pred name set.${name}) (attrNames set));

  # As filterAttrs, going down into the kept values that are sets.
  filterAttrsRecursive = pred: set:
    mapAttrs
      (_: v: if isAttrs v then filterAttrsRecursive pred v else v)
      (filterAttrs pred set);

  # All values (recursively) for which `pred` holds; does not go below them.
  collect = pred: v:
    if pred v then [ v ]
    else if isAttrs v then concatMap (collect pred) (attrValues v)
    else [ ];

  # Whether every attribute of `pattern` is in `attrs` with an equal value
  # (compared recursively where the pattern holds a set).
  matchAttrs = pattern: attrs:
    lib.lists.all
      (name:
        attrs ? ${name}
        && (if isAttrs pattern.${name}
            then isAttrs attrs.${name} && matchAttrs pattern.${name} attrs.${name}
            else pattern.${name} == attrs.${name}))
      (attrNames pattern);

  ## Building

  # `{ name; value; }`, the element of listToAttrs.
  nameValuePair = name: value: { inherit name value; };

  # A set with an attribute `n = f n` for every name.
  genAttrs = names: f: listToAttrs (map (n: nameValuePair n (f n)) names);

  # A set from `f x` name/value pairs for every element.
  genAttrs' = xs: f: listToAttrs (map f xs);

  # `set` when the condition holds, else `{}` (without forcing `set`).
  optionalAttrs = cond: set: if cond then set else { };

  # The name/value pairs of a set, sorted by name.
  attrsToList = set: mapAttrsToList nameValuePair set;

  ## Mapping

  # `f name value` for every attribute.
  inherit (builtins) mapAttrs;

  # A set from the `{ name; value; }` pairs that `f name value` returns; on a
  # duplicate name the first one wins.
  mapAttrs' = f: set: listToAttrs (map (name: f name set.${name}) (attrNames set));

  # The list of `f name value`, in sorted-name order.
  mapAttrsToList = f: set: map (name: f name set.${name}) (attrNames set);

  # Maps the leaves: `f path value` for every non-set value.
  mapAttrsRecursive = f: set: mapAttrsRecursiveCond (_: true) f set;

  # As mapAttrsRecursive, going into a nested set only when `cond set` holds.
  mapAttrsRecursiveCond = cond: f: set:
    let
      go = path: mapAttrs (name: value:
        if isAttrs value && cond value
        then go (path ++ [ name ]) value
        else f (path ++ [ name ]) value);
    in
    go [ ] set;

  # The union of the sets `f name value` returns, later ones winning.
  concatMapAttrs = f: set: mergeAttrsList (attrValues (mapAttrs f set));

  # Left fold over the attributes in sorted-name order: `f acc name value`.
  foldlAttrs = f: init: set:
    foldl' (acc: name: f acc name set.${name}) init (attrNames set);

  # Folds, per name, the values of a list of sets: `op v1 (op v2 ... nul)`.
  foldAttrs = op: nul: list:
    zipAttrsWith (_: values: lib.lists.foldr op nul values) list;

  ## Zipping and merging

  # `f name values` for every name of any set, values in list order.
  zipAttrsWith =
    if builtins ? zipAttrsWith then builtins.zipAttrsWith
    else f: sets: zipAttrsWithNames (lib.lists.unique (concatMap attrNames sets)) f sets;

  # As zipAttrsWith, for the given names only.
  zipAttrsWithNames = names: f: sets:
    listToAttrs (map (name: nameValuePair name (f name (builtins.catAttrs name sets))) names);

  # For every name, the list of its values.
  zipAttrs = zipAttrsWith (_: values: values);

  # The union of a list of sets, later ones winning.
  mergeAttrsList = list: foldl' (a: b: a // b) { } list;

  # Recursive union: goes down only where both sides hold a set (derivations
  # too); elsewhere the right side wins.
  recursiveUpdate = lhs: rhs:
    recursiveUpdateUntil (_: l: r: !(isAttrs l && isAttrs r)) lhs rhs;

  # As recursiveUpdate, stopping (right side wins) where `pred path l r` holds.
  recursiveUpdateUntil = pred: lhs: rhs:
    let
      go = path: l: r:
        l // mapAttrs
          (name: rv:
            let p = path ++ [ name ]; in
            if l ? ${name} && !pred p l.${name} rv then go p l.${name} rv else rv)
          r;
    in
    go [ ] lhs rhs;

  # Union of two sets that must not share a name; reading a shared name throws.
  unionOfDisjoint = x: y:
    let
      both = builtins.intersectAttrs x y;
      names = lib.strings.concatStringsSep " " (attrNames both);
      mask = mapAttrs
        (name: _: throw "unionOfDisjoint: collision on ${name}; complete list: ${names}")
        both;
    in
    x // y // mask;

  # The attributes of `old`, with the values of `new` where `new` has them.
  overrideExisting = old: new: mapAttrs (name: value: new.${name} or value) old;

  # Every combination of one element per list: a list of sets.
  cartesianProduct = attrsOfLists:
    foldl'
      (acc: name: concatMap (set: map (v: set // { ${name} = v; }) attrsOfLists.${name}) acc)
      [ { } ]
      (attrNames attrsOfLists);

  # `map f (cartesianProduct attrsOfLists)`.
  mapCartesianProduct = f: attrsOfLists: map f (cartesianProduct attrsOfLists);

  ## Derivations

  # Whether the value is a set with `type = "derivation"`.
  isDerivation = value: isAttrs value && (value.type or null) == "derivation";

  # A derivation-like set for a store path (`package` type coercion). qg does
  # not touch the store, so the path is taken as is.
  toDerivation = path:
    let
      outPath = toString path;
      self = {
        type = "derivation";
        name = builtins.substring 33 (-1) (baseNameOf outPath);
        inherit outPath;
        outputs = [ "out" ];
        out = self;
        outputName = "out";
      };
    in
    self;

  # The output `o` of a package, else its `out`, else the package itself; a
  # package whose `outputSpecified` is true stays as it is.
  getOutput = output: pkg:
    if !(pkg.outputSpecified or false)
    then pkg.${output} or pkg.out or pkg
    else pkg;

  # getOutput for the usual outputs.
  getBin = getOutput "bin";
  getLib = getOutput "lib";
  getDev = getOutput "dev";
  getMan = getOutput "man";

  # Marks a set for recursion by `nix-env`/hydra (adds recurseForDerivations).
  recurseIntoAttrs = attrs: attrs // { recurseForDerivations = true; };

  # Marks a set against recursion.
  dontRecurseIntoAttrs = attrs: attrs // { recurseForDerivations = false; };

  ## Re-exported builtins
  inherit (builtins)
    attrNames attrValues catAttrs getAttr hasAttr intersectAttrs listToAttrs
    removeAttrs isAttrs;
}
