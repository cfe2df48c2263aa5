package reports

import (
	_ "embed" // the report's assets
	"html/template"
)

// EChartsVersion is the version of Apache ECharts (Apache License 2.0)
// inlined into index.html: the minified build from the npm package, kept in
// assets/ with its LICENSE and NOTICE.
const EChartsVersion = "5.6.0"

var (
	//go:embed assets/echarts.min.js
	echartsJS string
	//go:embed assets/report.css
	reportCSS string
	//go:embed assets/selfcheck.js
	selfcheckJS string
	//go:embed assets/charts.js
	chartsJS string
	//go:embed assets/report.html.tmpl
	reportTemplate string
)

// pageTemplate renders index.html; see assets/report.html.tmpl.
var pageTemplate = template.Must(template.New("report").Funcs(template.FuncMap{
	"stamp":    stamp,
	"refs":     refs,
	"percent":  percent,
	"duration": roundDuration,
	"lower":    lowerStatus,
}).Parse(reportTemplate))
