# lib.lists: building, folding, searching, slicing and sorting lists.
{ lib }:
let
  inherit (builtins) isList;
  inherit (lib.trivial) min max;
in
rec {
  ## Building

  # A one-element list.
  singleton = x: [ x ];

  # `[ x ]` when the condition holds, else `[]` (`optional true [1]` is `[[1]]`).
  optional = cond: x: if cond then [ x ] else [ ];

  # `xs` when the condition holds, else `[]` (without forcing `xs`).
  optionals = cond: xs: if cond then xs else [ ];

  # A list unchanged; any other value (null too) as a one-element list.
  toList = x: if isList x then x else [ x ];

  # The integers from `first` to `last`, both included; `[]` if first > last.
  range = first: last:
    if first > last then [ ] else genList (n: first + n) (last - first + 1);

  # `n` copies of a value.
  replicate = n: x: genList (_: x) n;

  # Flattens nested lists at any depth; a non-list `x` gives `[ x ]`.
  flatten = x: if isList x then concatMap flatten x else [ x ];

  ## Mapping with indices

  # `f index element`, indices from 0.
  imap0 = f: list: genList (n: f n (elemAt list n)) (length list);

  # `f index element`, indices from 1.
  imap1 = f: list: genList (n: f (n + 1) (elemAt list n)) (length list);

  # `map` with the list first.
  forEach = xs: f: map f xs;

  # Keeps the elements for which `pred index element` holds (indices from 0).
  ifilter0 = pred: list:
    map (i: elemAt list i)
      (filter (i: pred i (elemAt list i)) (genList (i: i) (length list)));

  ## Folding

  # Lazy right fold: `op x1 (op x2 (... nul))`.
  foldr = op: nul: list:
    let
      len = length list;
      go = n: if n == len then nul else op (elemAt list n) (go (n + 1));
    in
    go 0;

  # Older name of foldr.
  fold = foldr;

  # Lazy left fold: `op (op (op nul x1) x2) ...`.
  foldl = op: nul: list:
    let
      go = n: if n == -1 then nul else op (go (n - 1)) (elemAt list n);
    in
    go (length list - 1);

  # Strict left fold (the builtin).
  inherit (builtins) foldl';

  # The number of elements for which `pred` holds.
  count = pred: foldl' (c: x: if pred x then c + 1 else c) 0;

  ## Searching

  # The index of the first element for which `pred` holds, else `default`.
  # Elements after the first match are not looked at.
  findFirstIndex = pred: default: list:
    let
      len = length list;
      go = i: if i == len then default else if pred (elemAt list i) then i else go (i + 1);
    in
    go 0;

  # The first element for which `pred` holds, else `default`.
  findFirst = pred: default: list:
    let i = findFirstIndex pred null list; in
    if i == null then default else elemAt list i;

  # The only element for which `pred` holds; `default` if none, `multiple` if
  # more than one.
  findSingle = pred: default: multiple: list:
    let found = filter pred list; in
    if found == [ ] then default
    else if length found > 1 then multiple
    else head found;

  # The list without the elements equal to `e`.
  remove = e: filter (x: x != e);

  ## Slicing

  # `count` elements from index `start`; shorter at the end, never failing.
  sublist = start: count: list:
    let
      len = length list;
      n =
        if start >= len || count <= 0 then 0
        else if start + count > len then len - start
        else count;
    in
    genList (i: elemAt list (i + start)) n;

  # The first `n` elements (all of them if fewer).
  take = n: sublist 0 n;

  # The list without its first `n` elements.
  drop = n: list: sublist n (length list) list;

  # The last `n` elements.
  takeEnd = n: list: drop (max 0 (length list - n)) list;

  # The list without its last `n` elements.
  dropEnd = n: list: take (max 0 (length list - n)) list;

  # The last element; fails on `[]`.
  last = list:
    assert lib.asserts.assertMsg (list != [ ]) "lists.last: list must not be empty!";
    elemAt list (length list - 1);

  # All but the last element; fails on `[]`.
  init = list:
    assert lib.asserts.assertMsg (list != [ ]) "lists.init: list must not be empty!";
    take (length list - 1) list;

  # Whether `list` starts with the elements of `prefix`.
  hasPrefix = prefix: list: take (length prefix) list == prefix;

  # `list` without `prefix`, which must be a prefix of it.
  removePrefix = prefix: list:
    if hasPrefix prefix list then drop (length prefix) list
    else throw "lists.removePrefix: First argument is not a list prefix of the second argument";

  ## Zipping

  # `f a b` for the pairs of elements at the same index (the shorter length).
  zipListsWith = f: fst: snd:
    genList (n: f (elemAt fst n) (elemAt snd n)) (min (length fst) (length snd));

  # `{ fst; snd; }` pairs.
  zipLists = zipListsWith (fst: snd: { inherit fst snd; });

  # The list in reverse order.
  reverseList = xs:
    let len = length xs; in genList (n: elemAt xs (len - n - 1)) len;

  ## Sets of elements

  # The elements without repeats, keeping the first occurrence, in order.
  unique = foldl' (acc: x: if elem x acc then acc else acc ++ [ x ]) [ ];

  # The distinct strings of a list, sorted.
  uniqueStrings = list:
    builtins.attrNames (builtins.listToAttrs (map (s: { name = s; value = null; }) list));

  # Whether no element is repeated.
  allUnique = list: length (unique list) == length list;

  # The elements of `b` that are in `a`.
  intersectLists = a: filter (x: elem x a);

  # The elements of `b` that are not in `a`.
  subtractLists = a: filter (x: !elem x a);

  # Whether the two lists share no element.
  mutuallyExclusive = a: b: a == [ ] || !(builtins.any (x: elem x a) b);

  ## Grouping

  # Groups the elements by the name `f x`: `{ name = [ elements ]; }`.
  groupBy =
    if builtins ? groupBy then builtins.groupBy
    else f: foldl' (acc: x: let k = f x; in acc // { ${k} = (acc.${k} or [ ]) ++ [ x ]; }) { };

  # Groups by `f x`, then folds each group with `op` from `nul`.
  groupBy' = op: nul: f: list: builtins.mapAttrs (_: foldl' op nul) (groupBy f list);

  ## Sorting

  # Stable sort with a less-than function (the builtin).
  inherit (builtins) sort;

  # Sorts by the key `f x` (compared with `<`), computing each key once.
  sortOn = f: list:
    map (p: elemAt p 1) (sort (a: b: head a < head b) (map (x: [ (f x) x ]) list));

  # Lexicographic comparison of two lists with `cmp` (-1, 0 or 1).
  compareLists = cmp: a: b:
    if a == [ ] then (if b == [ ] then 0 else -1)
    else if b == [ ] then 1
    else
      let r = cmp (head a) (head b); in
      if r == 0 then compareLists cmp (tail a) (tail b) else r;

  # Sorts strings so that digit runs compare as numbers ("a2" < "a10").
  naturalSort = list:
    let
      key = s: map (p: if isList p then lib.strings.toIntBase10 (head p) else p)
        (builtins.split "([0-9]+)" s);
      keyed = map (s: [ (key s) s ]) list;
      less = a: b: compareLists lib.trivial.compare (head a) (head b) < 0;
    in
    map (p: elemAt p 1) (sort less keyed);

  ## Re-exported builtins
  inherit (builtins)
    all any concatLists concatMap elem elemAt filter genList head length map
    partition tail;

}
