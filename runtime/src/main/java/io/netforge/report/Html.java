package io.netforge.report;

/** What the HTML reports share: escaping and one small inline style sheet (no network, no scripts). */
final class Html {
    static final String STYLE = """
            <style>
            body { font-family: system-ui, sans-serif; margin: 2em auto; max-width: 1200px; color: #222; }
            h1 { margin-bottom: 0.1em; } h2 { border-bottom: 1px solid #ddd; padding-bottom: 0.2em; margin-top: 1.6em; }
            .sub { color: #666; }
            .cards { display: flex; flex-wrap: wrap; gap: 0.8em; margin: 1em 0; }
            .card { border: 1px solid #ddd; border-radius: 6px; padding: 0.6em 1em; min-width: 8em; }
            .card .value { font-size: 1.5em; font-weight: 600; } .card .label { color: #666; font-size: 0.9em; }
            .row { display: flex; flex-wrap: wrap; gap: 1em; align-items: flex-start; }
            figure { margin: 0; } figcaption { color: #555; font-size: 0.9em; max-width: 560px; }
            img { max-width: 100%; border: 1px solid #eee; }
            pre { background: #f7f7f7; padding: 0.8em; overflow-x: auto; font-size: 0.85em; }
            table { border-collapse: collapse; font-size: 0.9em; } th, td { border: 1px solid #ddd; padding: 0.25em 0.6em; text-align: right; }
            th { background: #f3f3f3; text-align: left; } tr.best td { background: #e6f4ea; font-weight: 600; }
            </style>
            """;

    private Html() {}

    static String escape(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '&' -> sb.append("&amp;");
                case '"' -> sb.append("&quot;");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }
}
