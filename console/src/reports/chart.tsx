import { BarChart, LineChart, type BarSeriesOption, type LineSeriesOption } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent, type GridComponentOption, type LegendComponentOption, type TooltipComponentOption } from 'echarts/components';
import { init, use, type ComposeOption } from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';

// Only what the reports draw: bars and lines on a grid, a legend and a tooltip, painted on a canvas.
use([BarChart, LineChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

type Option = ComposeOption<BarSeriesOption | LineSeriesOption | GridComponentOption | LegendComponentOption | TooltipComponentOption>;

/** Colours distinct for most colour-blind readers and at least 4.5:1 on white (the tables carry the same numbers). */
const PALETTE = ['#1d4ed8', '#b45309', '#047857', '#b91c1c', '#6d28d9', '#0e7490'];

export interface ChartSeries {
  name: string;
  data: number[];
}

export interface ChartProps {
  /** bar: vertical bars; hbar: horizontal bars (long category names); line: a time series. */
  kind: 'bar' | 'hbar' | 'line';
  categories: string[];
  series: ChartSeries[];
  /** What the chart shows, read out by screen readers (the table next to it has the figures). */
  label: string;
  height?: number;
}

function optionOf({ kind, categories, series }: ChartProps): Option {
  const categoryAxis = { type: 'category' as const, data: categories, axisLabel: { color: '#334155', interval: 0, hideOverlap: true, width: 120, overflow: 'truncate' as const } };
  const valueAxis = { type: 'value' as const, minInterval: 1, axisLabel: { color: '#334155' } };
  return {
    color: PALETTE,
    animation: false,
    tooltip: { trigger: 'axis', confine: true },
    legend: series.length > 1 ? { top: 0, textStyle: { color: '#1f2937' } } : undefined,
    grid: { left: 8, right: 16, top: series.length > 1 ? 32 : 12, bottom: 8, containLabel: true },
    xAxis: kind === 'hbar' ? valueAxis : categoryAxis,
    yAxis: kind === 'hbar' ? { ...categoryAxis, inverse: true } : valueAxis,
    series: series.map((s) =>
      kind === 'line'
        ? ({ type: 'line', name: s.name, data: s.data, symbolSize: 6 } satisfies LineSeriesOption)
        : ({ type: 'bar', name: s.name, data: s.data, barMaxWidth: 32 } satisfies BarSeriesOption),
    ),
  };
}

/** An Apache ECharts chart in a React component: drawn once, updated with its props, resized with its box. */
export default function Chart(props: ChartProps) {
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<ReturnType<typeof init> | null>(null);
  const height = props.height ?? (props.kind === 'hbar' ? Math.max(160, 36 * props.categories.length + 40) : 260);

  useEffect(() => {
    if (!box.current) return;
    const c = init(box.current, undefined, { renderer: 'canvas' });
    chart.current = c;
    const observer = new ResizeObserver(() => c.resize());
    observer.observe(box.current);
    return () => {
      observer.disconnect();
      c.dispose();
      chart.current = null;
    };
  }, []);

  // Redrawn when the figures change, not on every render of the page around it.
  const figures = JSON.stringify([props.kind, props.categories, props.series]);
  useEffect(() => {
    chart.current?.setOption(optionOf(props), { notMerge: true });
  }, [figures]);

  return (
    <div role="img" aria-label={props.label} className="reports-chart">
      <div ref={box} style={{ height }} aria-hidden="true" />
    </div>
  );
}
