let n = "mid"; in
{ top.${n}.leaf = true; top.other = false; }
