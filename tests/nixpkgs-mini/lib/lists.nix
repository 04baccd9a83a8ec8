# Functions on lists.
{ lib }:
let
  inherit (builtins) length head tail elemAt filter foldl' concatLists genList;
in
rec {
  inherit (builtins) head tail length elem filter map concatLists elemAt foldl' genList;
  foldr = op: nul: list:
    let n = length list; go = i: if i == n then nul else op (elemAt list i) (go (i + 1)); in go 0;
  concatMap = f: list: concatLists (map f list);
  optional = cond: x: if cond then [ x ] else [ ];
  optionals = cond: xs: if cond then xs else [ ];
  toList = x: if builtins.isList x then x else [ x ];
  flatten = x: if builtins.isList x then concatMap flatten x else [ x ];
  last = list: assert list != [ ]; elemAt list (length list - 1);
  init = list: assert list != [ ]; genList (elemAt list) (length list - 1);
  take = n: list: genList (elemAt list) (lib.trivial.min n (length list));
  drop = n: list: let l = length list; in if n >= l then [ ] else genList (i: elemAt list (i + n)) (l - n);
  range = first: last: if first > last then [ ] else genList (n: first + n) (last - first + 1);
  imap1 = f: list: genList (n: f (n + 1) (elemAt list n)) (length list);
  imap0 = f: list: genList (n: f n (elemAt list n)) (length list);
  unique = foldl' (acc: x: if builtins.elem x acc then acc else acc ++ [ x ]) [ ];
  any = builtins.any;
  all = builtins.all;
  count = pred: foldl' (c: x: if pred x then c + 1 else c) 0;
  findFirst = pred: default: list:
    let found = filter pred list; in if found == [ ] then default else head found;
  reverseList = list: let l = length list; in genList (n: elemAt list (l - n - 1)) l;
  sort = builtins.sort;
  partition = pred: list: { right = filter pred list; wrong = filter (x: !pred x) list; };
  subtractLists = e: filter (x: !(builtins.elem x e)); 
  zipListsWith = f: a: b: genList (n: f (elemAt a n) (elemAt b n)) (lib.trivial.min (length a) (length b));
}
