package org.openkiosk.app.flow;

/**
 * Where a resident's session stands: at home, on one of the application trip's steps ({@link ApplicationTrip}), or
 * on the progress lookup's ({@link ProgressLookup}). {@link #SIGNATURE} comes only in matters the catalogue marks as
 * signed by hand, after the review.
 */
public enum Step { HOME, CATALOGUE, MATERIALS, ID_CARD, FORM, CAPTURE, REVIEW, SIGNATURE, DONE, RATING, PROGRESS_CARD, PROGRESS }
