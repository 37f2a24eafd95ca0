// The dashboard's charts (ECharts, canvas renderer). The data comes from the committee's JSON endpoint
// named in data-source; every data point carries the address of the records behind it, opened on click.
// No inline scripts or styles: tooltips are drawn on the canvas (renderMode "richText").
(() => {
  "use strict";
  const STATUS_COLOURS = ["#198754", "#b3261e", "#f0ad4e", "#0d6efd", "#ced4da"];
  const PALETTE = ["#b3261e", "#0d6efd", "#198754", "#f0ad4e", "#6f42c1", "#20c997", "#6c757d", "#d63384"];

  function base(chart, labels) {
    return {
      color: PALETTE,
      textStyle: { fontFamily: '"PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", sans-serif' },
      tooltip: { renderMode: "richText", confine: true },
      toolbox: {
        right: 8,
        feature: { saveAsImage: { title: labels.export, name: chart.key, pixelRatio: 2, backgroundColor: "#fff" } },
      },
      animation: false,
    };
  }

  function barOption(chart, labels) {
    const option = base(chart, labels);
    const many = chart.categories.length > 6;
    option.tooltip.trigger = "axis";
    option.legend = chart.series.length > 1 ? { top: 0, left: 0 } : undefined;
    option.grid = { left: 48, right: chart.dual_axis ? 56 : 24, top: 40, bottom: many ? 90 : 40 };
    option.xAxis = {
      type: "category",
      data: chart.categories,
      axisLabel: { interval: 0, rotate: many ? 40 : 0 },
    };
    option.yAxis = chart.dual_axis
      ? [{ type: "value", minInterval: 1 }, { type: "value", minInterval: 1 }]
      : { type: "value", minInterval: 1 };
    option.series = chart.series.map((s) => ({
      type: "bar",
      name: s.name,
      stack: s.stack,
      yAxisIndex: s.yAxisIndex || 0,
      cursor: "pointer",
      label: { show: !s.stack, position: "top" },
      data: s.data.map((point, i) =>
        chart.colors ? { ...point, itemStyle: { color: chart.colors[i % chart.colors.length] } } : point,
      ),
    }));
    return option;
  }

  function pieOption(chart, labels) {
    const option = base(chart, labels);
    option.tooltip.trigger = "item";
    option.legend = { type: "scroll", bottom: 0 };
    option.series = [
      {
        type: "pie",
        radius: ["35%", "65%"],
        cursor: "pointer",
        label: { formatter: "{b}：{c}" },
        data: chart.series[0].data,
      },
    ];
    return option;
  }

  function heatmapOption(chart, labels) {
    const option = base(chart, labels);
    option.tooltip.trigger = "item";
    option.tooltip.formatter = (params) => `${chart.y[params.value[1]]}\n${params.name}`;
    option.grid = { left: 8, right: 16, top: 40, bottom: 56, containLabel: true };
    option.xAxis = { type: "category", data: chart.x, splitArea: { show: true } };
    option.yAxis = { type: "category", data: chart.y, inverse: true, splitArea: { show: true } };
    option.visualMap = {
      type: "piecewise",
      dimension: 2,
      orient: "horizontal",
      left: "center",
      bottom: 0,
      pieces: chart.states.map((label, i) => ({ value: i, label, color: STATUS_COLOURS[i] })),
    };
    option.series = [
      {
        type: "heatmap",
        cursor: "pointer",
        itemStyle: { borderColor: "#fff", borderWidth: 1 },
        data: chart.series[0].data,
      },
    ];
    return option;
  }

  const OPTIONS = { bar: barOption, pie: pieOption, heatmap: heatmapOption };

  function points(chart) {
    if (chart.kind === "heatmap") return chart.series[0].data.length;
    return chart.series.reduce((n, s) => n + s.data.length, 0);
  }

  // The records behind the chart as plain links too (keyboard and screen reader users, and no canvas).
  function linkList(chart) {
    const details = document.createElement("details");
    details.className = "small mt-2";
    const summary = document.createElement("summary");
    summary.textContent = chart.links_label;
    details.append(summary);
    const list = document.createElement("ul");
    list.className = "list-unstyled mb-0";
    const seen = new Set();
    chart.series.forEach((s) => {
      s.data.forEach((point, i) => {
        if (seen.has(point.url)) return;
        seen.add(point.url);
        const name = point.name || chart.categories?.[i] || "";
        const item = document.createElement("li");
        const link = document.createElement("a");
        link.href = point.url;
        const value = Array.isArray(point.value) ? "" : `：${point.value}`;
        link.textContent = `${s.name && chart.kind !== "pie" ? `${s.name} · ` : ""}${name}${value}`;
        item.append(link);
        list.append(item);
      });
    });
    details.append(list);
    return details;
  }

  function card(chart, labels) {
    const col = document.createElement("div");
    col.className = chart.kind === "heatmap" ? "col-12" : "col-12 col-xl-6";
    const box = document.createElement("div");
    box.className = "card h-100";
    const body = document.createElement("div");
    body.className = "card-body";
    const title = document.createElement("h3");
    title.className = "h6";
    title.textContent = chart.title;
    body.append(title);
    if (chart.link) {
      const link = document.createElement("a");
      link.href = chart.link.url;
      link.className = "small d-inline-block mb-1";
      link.dataset.chartLink = chart.key;
      link.textContent = chart.link.label;
      body.append(link);
    }
    if (points(chart) === 0) {
      const empty = document.createElement("p");
      empty.className = "text-body-secondary mb-0";
      empty.textContent = labels.empty;
      body.append(empty);
    } else {
      const area = document.createElement("div");
      area.className = "dashboard-chart";
      area.dataset.chart = chart.key;
      area.setAttribute("role", "img");
      area.setAttribute("aria-label", chart.title);
      if (chart.kind === "heatmap") {
        area.style.height = `${Math.max(240, chart.y.length * 30 + 110)}px`;
      }
      body.append(area);
      body.append(linkList({ ...chart, links_label: labels.links }));
    }
    box.append(body);
    col.append(box);
    return col;
  }

  function draw(root, data) {
    root.replaceChildren();
    const instances = [];
    data.charts.forEach((chart) => {
      root.append(card(chart, data.labels));
      const area = root.querySelector(`[data-chart="${chart.key}"]`);
      if (!area) return;
      const instance = window.echarts.init(area, null, { renderer: "canvas" });
      instance.setOption(OPTIONS[chart.kind](chart, data.labels));
      instance.on("click", (params) => {
        const url = params.data && params.data.url;
        if (url) window.location.assign(url);
      });
      instances.push(instance);
    });
    window.addEventListener("resize", () => instances.forEach((i) => i.resize()));
    root.dataset.ready = "1";
  }

  document.addEventListener("DOMContentLoaded", () => {
    const root = document.getElementById("dashboard-charts");
    if (!root || !window.echarts) return;
    fetch(root.dataset.source, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then((response) => {
        if (!response.ok) throw new Error(String(response.status));
        return response.json();
      })
      .then((data) => draw(root, data))
      .catch(() => {
        const loading = document.getElementById("dashboard-loading");
        if (loading) loading.textContent = root.dataset.error || "";
      });
  });
})();
