grammar Sluice;
// Placeholder: replaced by the full grammar of LANGUAGE.md.
script : EOF ;
WS : [ \t\r\n]+ -> skip ;
