# Functions on attribute sets.
{ lib }:
let
  inherit (builtins) attrNames attrValues hasAttr getAttr isAttrs listToAttrs mapAttrs foldl' head tail length filter concatLists map catAttrs;
in
rec {
  inherit (builtins) attrNames attrValues hasAttr getAttr mapAttrs listToAttrs removeAttrs intersectAttrs catAttrs;
  nameValuePair = name: value: { inherit name value; };
  # The value at `path` in `set`, or `default`.
  attrByPath = path: default: set:
    if path == [ ] then set
    else if isAttrs set && hasAttr (head path) set then attrByPath (tail path) default (getAttr (head path) set)
    else default;
  hasAttrByPath = path: set:
    path == [ ] || (isAttrs set && hasAttr (head path) set && hasAttrByPath (tail path) (getAttr (head path) set));
  getAttrFromPath = path: set:
    attrByPath path (abort "cannot find attribute '${lib.concatStringsSep "." path}'") set;
  setAttrByPath = path: value:
    if path == [ ] then value else { ${head path} = setAttrByPath (tail path) value; };
  optionalAttrs = cond: set: if cond then set else { };
  filterAttrs = pred: set:
    listToAttrs (concatLists (map (n: let v = getAttr n set; in if pred n v then [ (nameValuePair n v) ] else [ ]) (attrNames set)));
  mapAttrsToList = f: set: map (n: f n (getAttr n set)) (attrNames set);
  mapAttrs' = f: set: listToAttrs (mapAttrsToList f set);
  genAttrs = names: f: listToAttrs (map (n: nameValuePair n (f n)) names);
  # `f name [values]` for every name of the sets, values in list order.
  zipAttrsWith = f: sets:
    let names = lib.lists.unique (concatLists (map attrNames sets)); in
    listToAttrs (map (n: nameValuePair n (f n (catAttrs n sets))) names);
  zipAttrs = zipAttrsWith (_: values: values);
  recursiveUpdate = lhs: rhs:
    lhs // mapAttrs (n: v:
      if isAttrs v && hasAttr n lhs && isAttrs (getAttr n lhs) then recursiveUpdate (getAttr n lhs) v else v) rhs;
  foldAttrs = op: nul: sets:
    foldl' (acc: s: acc // mapAttrs (n: v: op v (acc.${n} or nul)) s) { } (lib.lists.reverseList sets);
  collect = pred: v:
    if pred v then [ v ]
    else if isAttrs v then concatLists (map (n: collect pred (getAttr n v)) (attrNames v))
    else [ ];
  isDerivation = v: isAttrs v && (v.type or null) == "derivation";
}
