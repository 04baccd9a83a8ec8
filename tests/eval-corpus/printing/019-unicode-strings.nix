{ greek = "αβγ"; cjk = "漢字"; emoji = "👍"; combining = "é"; }
