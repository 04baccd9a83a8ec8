let
  counter = start: {
    value = start;
    next = counter (start + 1);
  };
  c = counter 5;
in
[ c.value c.next.value c.next.next.next.value ]
