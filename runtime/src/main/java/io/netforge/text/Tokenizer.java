package io.netforge.text;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * How a text becomes tokens. Named, so that a saved {@link Vocabulary} records the tokenizer it was built with and
 * prediction splits text the same way.
 */
public enum Tokenizer {
    /**
     * Words: maximal runs of letters and digits (any script), in lower case; everything else separates them. Keras'
     * {@code TextVectorization} default ("lower_and_strip_punctuation", split on whitespace) up to how punctuation
     * inside a word splits it ("don't" is "don" and "t").
     */
    WORDS {
        @Override
        public List<String> tokens(String text) {
            String lower = text.toLowerCase(Locale.ROOT);
            List<String> out = new ArrayList<>();
            int start = -1;
            for (int i = 0; i < lower.length(); ) {
                int cp = lower.codePointAt(i);
                boolean word = Character.isLetterOrDigit(cp);
                if (word && start < 0) {
                    start = i;
                } else if (!word && start >= 0) {
                    out.add(lower.substring(start, i));
                    start = -1;
                }
                i += Character.charCount(cp);
            }
            if (start >= 0) {
                out.add(lower.substring(start));
            }
            return out;
        }
    },
    /** Characters: each Unicode code point of the text as it is (case and whitespace kept), for character models. */
    CHARACTERS {
        @Override
        public List<String> tokens(String text) {
            List<String> out = new ArrayList<>(text.length());
            text.codePoints().forEach(cp -> out.add(new String(Character.toChars(cp))));
            return out;
        }
    };

    /** The tokens of {@code text}, in order. */
    public abstract List<String> tokens(String text);
}
