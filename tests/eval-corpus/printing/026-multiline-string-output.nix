''
  line1
  	with tab
  "quoted"
''
