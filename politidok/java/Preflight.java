// PDFBox preflight for many files in one JVM (Validator_A1b takes one file per start).
// Run with Java's single-file launcher:  java -cp <pdfbox jars> Preflight.java a.pdf b.pdf …
// Output, per file:  FILE<TAB>path<TAB>valid|invalid, then one  ERR<TAB>code : details  per finding.
import java.io.File;
import org.apache.pdfbox.preflight.PreflightDocument;
import org.apache.pdfbox.preflight.ValidationResult;
import org.apache.pdfbox.preflight.exception.SyntaxValidationException;
import org.apache.pdfbox.preflight.parser.PreflightParser;

public class Preflight {
    public static void main(String[] args) {
        for (String path : args) {
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
            } catch (Exception e) {
                System.out.println("FILE\t" + path + "\tinvalid");
                System.out.println("ERR\tpreflight : " + e);
                continue;
            }
            System.out.println("FILE\t" + path + "\t" + (result.isValid() ? "valid" : "invalid"));
            for (ValidationResult.ValidationError error : result.getErrorsList()) {
                System.out.println("ERR\t" + error.getErrorCode() + " : " + error.getDetails());
            }
        }
    }
}
