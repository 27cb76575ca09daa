package dev.colink.deploy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The charts of docs/benchmarks.md: docs/benchmarks/charts.mjs (what {@code ./colink charts} runs) draws every one of
 * them from the results kept in docs/benchmarks/data as well-formed SVG with a white background, a title and axes;
 * the charts checked in are the ones the kept results draw, and docs/benchmarks.md shows each of them.
 */
class BenchmarkChartsTest {

	private static final Path DOCS = Path.of("..", "docs");

	private static final List<String> CHARTS = List.of("one-to-one-latency.svg", "fan-out.svg", "cpu-per-message.svg",
			"channel-posts.svg");

	@Test
	void theScriptDrawsEveryChartFromTheKeptResultsAsTheDocumentShowsThem(@TempDir Path out) throws Exception {
		Process draw = new ProcessBuilder("node", DOCS.resolve("benchmarks/charts.mjs").toString(), "--out", out.toString())
			.redirectErrorStream(true)
			.start();
		String output = new String(draw.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(draw.waitFor(1, TimeUnit.MINUTES)).as("charts.mjs finished").isTrue();
		assertThat(draw.exitValue()).as(output).isZero();

		String document = Files.readString(DOCS.resolve("benchmarks.md"));
		for (String chart : CHARTS) {
			byte[] drawn = Files.readAllBytes(out.resolve(chart));
			Document svg = parse(drawn);
			Element root = svg.getDocumentElement();
			assertThat(root.getLocalName()).as(chart).isEqualTo("svg");
			assertThat(root.getNamespaceURI()).as(chart).isEqualTo("http://www.w3.org/2000/svg");
			assertThat(svg.getElementsByTagNameNS("*", "title").item(0).getTextContent()).as(chart).isNotBlank();
			Element background = (Element) svg.getElementsByTagNameNS("*", "rect").item(0);
			assertThat(background.getAttribute("fill")).as(chart + ": a white background").isEqualTo("#ffffff");
			assertThat(svg.getElementsByTagNameNS("*", "text").getLength()).as(chart + ": title, axes and legend")
				.isGreaterThan(10);
			assertThat(Files.readAllBytes(DOCS.resolve("benchmarks").resolve(chart)))
				.as("docs/benchmarks/%s is the chart the kept results draw: ./colink charts, then commit it", chart)
				.isEqualTo(drawn);
			assertThat(document).as("docs/benchmarks.md shows " + chart).contains("](benchmarks/" + chart + ")");
		}
	}

	private static Document parse(byte[] svg) throws Exception {
		DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
		factory.setNamespaceAware(true);
		factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
		DocumentBuilder builder = factory.newDocumentBuilder();
		return builder.parse(new ByteArrayInputStream(svg));
	}

}
