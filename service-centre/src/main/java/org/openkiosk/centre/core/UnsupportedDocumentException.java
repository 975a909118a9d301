package org.openkiosk.centre.core;

import java.util.List;

/**
 * A document is not a kind a kiosk makes, or its bytes are not what its type says (see
 * {@link DocumentTypeCheck}); the kiosk gets the reasons back as a 415.
 */
public class UnsupportedDocumentException extends InvalidSubmissionException {

    public UnsupportedDocumentException(List<String> problems) {
        super(problems);
    }
}
