# error: type
"value: ${{ a = 1; }}"
