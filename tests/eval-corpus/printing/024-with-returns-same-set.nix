let s = { k = "v"; }; in
{ a = s; b = with s; s; c = if true then s else null; }
