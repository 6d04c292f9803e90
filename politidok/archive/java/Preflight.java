// PDFBox preflight for many files in one JVM (Validator_A1b takes one file per start).
// Run:  java -cp <pdfbox jars>:<compiled> Preflight a.pdf b.pdf …   or   … Preflight -   (paths on stdin, one a line)
// Output, per file:  FILE<TAB>path<TAB>valid|invalid, one  ERR<TAB>code : details  per finding, then END<TAB>path.
import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import org.apache.pdfbox.preflight.PreflightDocument;
import org.apache.pdfbox.preflight.ValidationResult;
import org.apache.pdfbox.preflight.exception.SyntaxValidationException;
import org.apache.pdfbox.preflight.parser.PreflightParser;

public class Preflight {
    public static void main(String[] args) throws Exception {
        if (args.length == 1 && args[0].equals("-")) {
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            String line;
            while ((line = in.readLine()) != null) {
                if (!line.isEmpty()) {
                    check(line);
                }
            }
            return;
        }
        for (String path : args) {
            check(path);
        }
    }

    static void check(String path) {
        StringBuilder out = new StringBuilder();
        ValidationResult result;
        try {
            PreflightParser parser = new PreflightParser(new File(path));
            try {
                parser.parse();
                try (PreflightDocument document = parser.getPreflightDocument()) {
                    document.validate();
                    result = document.getResult();
                }
            } catch (SyntaxValidationException e) {
                result = e.getResult();
            }
            out.append("FILE\t").append(path).append('\t').append(result.isValid() ? "valid" : "invalid").append('\n');
            for (ValidationResult.ValidationError error : result.getErrorsList()) {
                out.append("ERR\t").append(error.getErrorCode()).append(" : ").append(String.valueOf(error.getDetails()).replace('\n', ' ')).append('\n');
            }
        } catch (Exception e) {
            out.setLength(0);
            out.append("FILE\t").append(path).append("\tinvalid\n");
            out.append("ERR\tpreflight : ").append(String.valueOf(e).replace('\n', ' ')).append('\n');
        }
        out.append("END\t").append(path).append('\n');
        System.out.print(out);
        System.out.flush();
    }
}
