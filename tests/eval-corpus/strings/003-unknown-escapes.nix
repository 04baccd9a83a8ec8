# An unknown escape just yields the character itself.
[ "\a\b\q" "\u0041" "\0" "\'" "\{" ]
