import Foundation
import NjordConsole
import Testing

/// Theme files: laid over the defaults, bad lines reported and skipped, shipped themes clean.
@Suite struct ThemeParserTests {
    static let themes = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("themes").path

    @Test func rolesOverrideTheDefaultsAndTheRestStay() {
        let (theme, problems) = ThemeParser.parse(
            "# a comment\nname: test\nup: bright-green bold  # trailing comment\ntripped: \"white/red reverse\"\n",
            file: "t.yaml")
        #expect(problems.isEmpty)
        #expect(theme.name == "test")
        #expect(theme.style(for: .up) == ThemeStyle(.index(10), bold: true))
        #expect(theme.style(for: .tripped) == ThemeStyle(.index(7), on: .index(1), reverse: true))
        #expect(theme.style(for: .down) == Theme.defaults.style(for: .down))
    }

    @Test func badLinesAreReportedWithFileAndLineAndSkipped() {
        let (theme, problems) = ThemeParser.parse(
            "up: chartreuse\nfrobnicate: red\nno colon here\ncolors: maybe\ndown: 300\nwarning: 208 bold\n",
            file: "bad.yaml")
        #expect(problems.map(\.line) == [1, 2, 3, 4, 5])
        #expect(
            problems[0].description
                == "bad.yaml:1: 'chartreuse' is not 'fg[/bg] [bold] [reverse] [dim] [underline]' with known colours")
        #expect(problems[1].description.hasPrefix("bad.yaml:2: unknown role 'frobnicate'"))
        #expect(theme.style(for: .up) == Theme.defaults.style(for: .up))
        #expect(theme.style(for: .warning) == ThemeStyle(.index(208), bold: true))
    }

    @Test func aMissingFileIsReportedAndTheDefaultsUsed() {
        let (theme, problems) = ThemeLoader.load("no-such-theme", themesDirectory: "/nonexistent")
        #expect(theme == Theme.defaults)
        #expect(problems.count == 1)
        #expect(problems[0].description.hasPrefix("/nonexistent/no-such-theme.yaml: cannot read the theme"))
    }

    @Test(arguments: ["dark", "light", "high-contrast", "mono"])
    func everyShippedThemeLoadsWithoutProblems(_ name: String) {
        let (theme, problems) = ThemeLoader.load(name, themesDirectory: Self.themes)
        #expect(problems.isEmpty, "\(problems)")
        #expect(theme.name == name)
        #expect(theme.usesColor == (name != "mono"))
    }

    @Test func paletteColoursFallBackToBasicOnesOnSmallTerminals() {
        #expect(ThemeColor.index(208).number(available: 256) == 208)
        #expect(ThemeColor.index(9).number(available: 8) == 1)
        #expect(ThemeColor.index(196).number(available: 8) == 1)
        #expect(ThemeColor.index(250).number(available: 8) == 7)
        #expect(ThemeColor.terminalDefault.number(available: 8) == -1)
    }
}
