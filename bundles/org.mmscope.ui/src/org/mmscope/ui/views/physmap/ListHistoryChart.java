package org.mmscope.ui.views.physmap;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Composite;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYItemRenderer;
import org.jfree.chart.swt.ChartComposite;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.mmscope.model.ListSample;
import org.mmscope.model.PageList;
import org.mmscope.ui.views.pfn.PfnColumn;

/**
 * The pages on each list over simulated time, one line per list in the map's colours (JFreeChart on
 * SWT): x is the scheduler step, y pages. The points are the model's {@code PfnDatabase.history}: the
 * samples the simulator took over the run, ending with the state shown.
 */
public final class ListHistoryChart {

    private final XYSeriesCollection dataset = new XYSeriesCollection();
    private final Map<PageList, XYSeries> series = new EnumMap<>(PageList.class);
    private final JFreeChart chart;
    private final ChartComposite composite;
    private final NumberAxis linear;
    private final org.jfree.chart.axis.LogAxis logarithmic = new org.jfree.chart.axis.LogAxis("Pages (log)");

    public ListHistoryChart(Composite parent) {
        for (PageList list : PageList.VALUES) {
            XYSeries one = new XYSeries(PfnColumn.listName(list), true, true);
            series.put(list, one);
            dataset.addSeries(one);
        }
        chart = ChartFactory.createXYLineChart(null, "Step", "Pages", dataset, PlotOrientation.VERTICAL, true,
                true, false);
        XYPlot plot = chart.getXYPlot();
        plot.setBackgroundPaint(java.awt.Color.WHITE);
        plot.setDomainGridlinePaint(java.awt.Color.LIGHT_GRAY);
        plot.setRangeGridlinePaint(java.awt.Color.LIGHT_GRAY);
        linear = (NumberAxis) plot.getRangeAxis();
        linear.setAutoRangeIncludesZero(true);
        logarithmic.setSmallestValue(1);
        logarithmic.setNumberFormatOverride(java.text.NumberFormat.getIntegerInstance());
        ((NumberAxis) plot.getDomainAxis()).setAutoRangeIncludesZero(false);
        XYItemRenderer renderer = plot.getRenderer();
        for (PageList list : PageList.VALUES) {
            renderer.setSeriesPaint(dataset.indexOf(series.get(list)), PageColours.awt(list));
            renderer.setSeriesStroke(dataset.indexOf(series.get(list)), new java.awt.BasicStroke(2f));
        }
        composite = new ChartComposite(parent, SWT.NONE, chart, true);
    }

    /**
     * Puts the pages on a logarithmic axis (so that a list of a few pages shows next to one of
     * millions; an empty list drops off the bottom) or back on a linear one.
     */
    public void setLogScale(boolean log) {
        chart.getXYPlot().setRangeAxis(log ? logarithmic : linear);
    }

    /** True when the pages are on a logarithmic axis. */
    public boolean isLogScale() {
        return chart.getXYPlot().getRangeAxis() == logarithmic;
    }

    /** The chart's control. */
    public ChartComposite control() {
        return composite;
    }

    /** The chart (for tests: its dataset has one series per list). */
    public JFreeChart chart() {
        return chart;
    }

    /**
     * Shows {@code samples}; when there are none (a machine made by hand, an old snapshot), one point of
     * the totals shown at step {@code step}.
     */
    public void show(List<ListSample> samples, PageLocations now, long step) {
        chart.setNotify(false);
        try {
            for (PageList list : PageList.VALUES) {
                XYSeries one = series.get(list);
                one.setNotify(false);
                one.clear();
                if (samples.isEmpty()) {
                    if (now.size() > 0) {
                        one.add(step, now.count(list), false);
                    }
                } else {
                    for (ListSample sample : samples) {
                        List<Long> pages = sample.getPages();
                        long value = list.getValue() < pages.size() ? pages.get(list.getValue()) : 0;
                        one.add(sample.getStep(), value, false);
                    }
                }
                one.setNotify(true);
            }
        } finally {
            chart.setNotify(true);
        }
    }
}
