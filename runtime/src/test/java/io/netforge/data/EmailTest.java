package io.netforge.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netforge.datasets.Email;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** The e-mail parser on messages written to show each rule, and each refusal with the file named. */
class EmailTest {
    private static Email parse(String message) throws DatasetFormatException {
        return Email.parse(message.getBytes(StandardCharsets.ISO_8859_1), "mail.txt");
    }

    @Test
    void readsHeadersFoldedLinesAndAPlainBody() throws Exception {
        Email e = parse("From someone@example.com  Thu Aug 22 12:36:23 2002\n"
                + "Received: from a\n\tby b\n"
                + "Subject: Re: New\n    Sequences Window\n"
                + "\n"
                + "Body line one.\nLine two.\n");
        assertThat(e.subject()).isEqualTo("Re: New Sequences Window");
        assertThat(e.body()).isEqualTo("Body line one.\nLine two.");
        assertThat(e.text()).isEqualTo("Re: New Sequences Window\n\nBody line one.\nLine two.");
        assertThat(e.source()).isEqualTo("mail.txt");
    }

    @Test
    void decodesEncodedWordsInTheSubject() throws Exception {
        assertThat(parse("Subject: =?iso-8859-1?Q?Caf=E9_cr=E8me?= and =?UTF-8?B?w6l0w6k=?=\n\nx")
                        .subject())
                .isEqualTo("Café crème and été");
    }

    @Test
    void takesTheTextOfEveryReadablePartAndLeavesAttachmentsOut() throws Exception {
        String html = "<html><head><style>p {color: red}</style><script>var x = 1;</script></head>"
                + "<body><p>Cheap&nbsp;<b>pills</b> &amp; more</p><!-- hidden --><br>&#169; 2002 &#x263A;</body></html>";
        String message = "Subject: offer\n"
                + "Content-Type: multipart/mixed; boundary=\"outer\"\n\n"
                + "preamble, not text of the mail\n"
                + "--outer\n"
                + "Content-Type: multipart/alternative;\n\tboundary=\"outerAA\"\n\n"
                + "--outerAA\n"
                + "Content-Type: text/plain; charset=iso-8859-1\n"
                + "Content-Transfer-Encoding: quoted-printable\n\n"
                + "Caf=E9 au lait, a soft=\n break\n"
                + "--outerAA\n"
                + "Content-Type: text/html\n"
                + "Content-Transfer-Encoding: base64\n\n"
                + Base64.getMimeEncoder().encodeToString(html.getBytes(StandardCharsets.UTF_8)) + "\n"
                + "--outerAA--\n"
                + "--outer\n"
                + "Content-Type: image/gif; name=\"x.gif\"\n"
                + "Content-Transfer-Encoding: base64\n\n"
                + "R0lGODlhAQABAAAAACw=\n"
                + "--outer\n"
                + "Content-Type: application/octet-stream\nContent-Disposition: attachment\n\nbinary\n"
                + "--outer--\n"
                + "epilogue\n";
        Email e = parse(message);
        assertThat(e.body()).isEqualTo("Café au lait, a soft break\n\nCheap pills & more\n© 2002 ☺");
    }

    @Test
    void readsWhatMailReadersReadOfDamagedParts() throws Exception {
        // base64 followed by a mailing list's footer (spam-2/00853 of the SpamAssassin corpus)
        String base64 = "Subject: x\nContent-Transfer-Encoding: base64\n\n"
                + Base64.getMimeEncoder().encodeToString("hello there".getBytes(StandardCharsets.US_ASCII))
                + "\n--DeathToSpam--\n\nSpamassassin-Sightings mailing list\n";
        assertThat(parse(base64).body()).isEqualTo("hello there");
        // a truncated last base64 group is dropped
        assertThat(parse("Content-Transfer-Encoding: base64\n\naGVsbG8gd29ybGQ").body())
                .isEqualTo("hello wor");
        // a boundary that never occurs (spam-1/00467): the body as text
        assertThat(parse("Content-Type: multipart/alternative; boundary=\"=B 1\"\n\n--= B 1\n<p>buy</p>\n")
                        .body())
                .contains("buy")
                .doesNotContain("<p>");
        // an unknown charset: the bytes as ISO-8859-1
        assertThat(parse("Content-Type: text/plain; charset=x-unknown-charset\n\ncaf\u00e9")
                        .body())
                .isEqualTo("café");
    }

    @Test
    void refusesWhatIsNotAnEmailNamingTheFile() {
        assertThatThrownBy(() -> Email.parse(new byte[0], "empty.txt"))
                .isInstanceOf(DatasetFormatException.class)
                .hasMessage("empty.txt: the file is empty, not an e-mail");
        assertThatThrownBy(() -> parse("just some text\nSubject: late\n\nbody"))
                .isInstanceOf(DatasetFormatException.class)
                .hasMessageStartingWith("mail.txt: line 1 is not a header (\"Name: value\"): \"just some text\"");
        assertThatThrownBy(() -> parse("Content-Type: multipart/mixed\n\n--x\n\nbody\n--x--\n"))
                .isInstanceOf(DatasetFormatException.class)
                .hasMessage("mail.txt: the message is multipart/mixed without a boundary parameter");
        StringBuilder nested = new StringBuilder("Content-Type: multipart/mixed; boundary=b0\n\n");
        for (int d = 1; d <= Email.MAX_DEPTH + 2; d++) {
            nested.append("--b")
                    .append(d - 1)
                    .append("\nContent-Type: multipart/mixed; boundary=b")
                    .append(d)
                    .append("\n\n");
        }
        assertThatThrownBy(() -> parse(nested.toString()))
                .isInstanceOf(DatasetFormatException.class)
                .hasMessage("mail.txt: MIME parts nested deeper than " + Email.MAX_DEPTH);
    }
}
