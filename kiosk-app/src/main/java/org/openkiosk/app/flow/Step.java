package org.openkiosk.app.flow;

/**
 * Where a resident's session stands: at home, on one of the application trip's steps ({@link ApplicationTrip}), or
 * on the progress lookup's ({@link ProgressLookup}). {@code CONSENT} (授权调取) comes after the card when the centre holds
 * some of the matter's materials for the resident; {@link #SIGNATURE} comes only in matters the catalogue marks as
 * signed by hand, after the review.
 */
public enum Step { HOME, CATALOGUE, MATERIALS, ID_CARD, CONSENT, FORM, CAPTURE, REVIEW, SIGNATURE, DONE, RATING, PROGRESS_CARD, PROGRESS }
