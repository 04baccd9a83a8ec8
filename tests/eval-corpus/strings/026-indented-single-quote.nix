''it's a 'quoted' word; ''' gives two quotes; a lone ' is fine''
