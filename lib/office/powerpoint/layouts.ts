import type { SlideLayout } from '../../model/office-powerpoint.js';

/*
 * add_slide's layouts in each suite. PowerPoint: PpSlideLayout, the Layout argument of Slides.Add
 * (ppLayoutTitle 1, ppLayoutText 2 "Title and Content", ppLayoutTwoColumnText 3, ppLayoutTitleOnly 11,
 * ppLayoutBlank 12). LibreOffice: the page's Layout property, com.sun.star.presentation's AutoLayout numbers
 * (AUTOLAYOUT_TITLE 0, AUTOLAYOUT_TITLE_CONTENT 1, AUTOLAYOUT_TITLE_2CONTENT 3, AUTOLAYOUT_TITLE_ONLY 19,
 * AUTOLAYOUT_NONE 20).
 */

export const PP_LAYOUT: Readonly<Record<SlideLayout, number>> = {
  title: 1,
  title_content: 2,
  two_content: 3,
  title_only: 11,
  blank: 12,
};

export const UNO_AUTOLAYOUT: Readonly<Record<SlideLayout, number>> = {
  title: 0,
  title_content: 1,
  two_content: 3,
  title_only: 19,
  blank: 20,
};
