let bad = assert false; 1; in { ok = true; }
