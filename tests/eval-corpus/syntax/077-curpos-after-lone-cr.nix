# Positions count a lone CR as a line end, as the lexer does.
letx = 1;
y = __curPos;iny
