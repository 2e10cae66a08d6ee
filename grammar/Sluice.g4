// The grammar of `.stream` files (LANGUAGE.md is normative; docs/language.md documents the rest).
//
// Built with ANTLR 4.7.2 into the build tree (grammar/CMakeLists.txt); compiler/parse drives it.
//
// Keywords have no lexer rules: the lexer produces IDENTIFIER for every word and compiler/parse
// re-types the words listed in `tokens { ... }` by a case-insensitive table lookup. That keeps
// the lexer's DFA tiny (fast cold start) and keywords case-insensitive without per-letter
// fragments. A token name with a trailing '_' (NULL_) is spelled without it.
//
// Reserved words are the `tokens` not listed in `nonReserved`; every other keyword is also an
// identifier, so `kind`, `format`, `key`, `state`, `timestamp`, `date`, ... stay usable as names.
//
// Performance: the parser runs in SLL mode first and retries a statement in full LL only when SLL
// fails; keep decisions LL(1)/LL(2) where possible (no left recursion: operator precedence is one
// rule per level with a loop).

grammar Sluice;

tokens {
    ALL, AND, APPEND, AS, ASC, AVAILABLE, BETWEEN, BY, CASE, CAST, CHECKPOINT, CLEAR, COMPLETE,
    CONTINUOUS, CREATE, CURRENT_TIMESTAMP, DATE, DEDUPLICATE, DESC, DISTINCT, EACH, ELSE, ELSEIF,
    EMIT, EMITS, END, EVENT, EXTRACT, FALSE_, FILTER, FIRST, FOR, FORMAT, FROM, FULL, GROUP, HAVING,
    IF, IN, INNER, INTERVAL, INTO, IS, JOIN, KEY, LAST, LEFT, LIKE, LIMIT, MODE, NONE, NOT, NOW,
    NULL_, NULLS, ON, ONCE, OR, ORDER, OUTER, OUTPUT, PROCESS, PROCESSING, RIGHT, ROW, ROWS, SELECT,
    SEMI, SET, SINK, SOURCE, STATE, TABLE, THEN, TIME, TIMEOUT, TIMESTAMP, TRIGGER, TRUE_, TRY_CAST,
    UNION, UPDATE, VIEW, WATERMARK, WHEN, WHERE, WITH, WITHIN
}

// ---------------------------------------------------------------------------------------------
// Statements. A file is `(singleStatement | ';')* EOF`: the driver (compiler/parse/parser.cpp)
// calls singleStatement once per statement so that it can resynchronize at `;` after an error.

singleStatement : CREATE createBody SEMICOLON ;

createBody
    : SOURCE identifier sourceDefinition                                       # createSource
    | TABLE identifier sourceDefinition                                        # createTable
    | VIEW identifier AS queryBody                                             # createView
    | SINK identifier INTO connectorSpec sinkClause* AS queryBody              # createSink
    ;

sourceDefinition : (LPAREN tableElement (COMMA tableElement)* RPAREN)? FROM connectorSpec ;

tableElement
    : WATERMARK FOR identifier AS expression                                   # watermarkElement
    | columnDefinition                                                         # columnElement
    ;

columnDefinition : identifier typeName ;

typeName
    : identifier (LPAREN INTEGER_VALUE (COMMA INTEGER_VALUE)? RPAREN)?
    | INTERVAL
    ;

connectorSpec : identifier optionList? formatClause? ;

formatClause : FORMAT identifier optionList? ;

optionList : LPAREN (option (COMMA option)*)? RPAREN ;

option : optionKey EQ optionValue ;

optionKey : identifier (DOT identifier)* ;

// An identifier is accepted so that `topic = bids` gets a helpful message instead of a bare
// syntax error.
optionValue
    : literal
    | MINUS number
    | identifier
    ;

// OUTPUT MODE, TRIGGER, CHECKPOINT and WITH in any order, each at most once (the builder checks).
sinkClause
    : OUTPUT MODE (APPEND | UPDATE | COMPLETE)                                 # outputModeClause
    | TRIGGER triggerSpec                                                      # triggerClause
    | CHECKPOINT STRING                                                        # checkpointClause
    | WITH optionList                                                          # settingsClause
    ;

triggerSpec
    : PROCESSING TIME intervalLiteral                                          # processingTimeTrigger
    | ONCE                                                                     # onceTrigger
    | AVAILABLE NOW                                                            # availableNowTrigger
    | CONTINUOUS intervalLiteral?                                              # continuousTrigger
    ;

queryBody : query | processDefinition ;

// ---------------------------------------------------------------------------------------------
// PROCESS: arbitrary per-key state.

processDefinition
    : PROCESS identifier
      KEY BY processKeys
      (STATE LPAREN stateVariable (COMMA stateVariable)* RPAREN)?
      (TIMEOUT timeoutKind)?
      ON ROWS handlerBlock
      (ON TIMEOUT handlerBlock)?
      EMITS LPAREN columnDefinition (COMMA columnDefinition)* RPAREN
    ;

// `KEY BY a, b` or `KEY BY (a, b)`: the parenthesized form is a parenthesized list in
// primaryExpression, which the builder unpacks here and rejects elsewhere. (An alternative here
// would need unbounded lookahead through the expression rules to tell `(a, b)` from `(a) + 1`.)
processKeys : expression (COMMA expression)* ;

timeoutKind : EVENT TIME | PROCESSING TIME | NONE ;

stateVariable : identifier typeName (EQ expression)? ;

handlerBlock : LBRACE handlerStatement* RBRACE ;

handlerStatement
    : IF expression THEN handlerStatement* elseIfBranch* elseBranch? END IF SEMICOLON   # ifStatement
    | FOR EACH ROW handlerBlock                                                        # forEachRowStatement
    | EMIT LPAREN expression (COMMA expression)* RPAREN SEMICOLON                      # emitStatement
    | SET TIMEOUT expression SEMICOLON                                                 # setTimeoutStatement
    | CLEAR STATE SEMICOLON                                                            # clearStateStatement
    | identifier EQ expression SEMICOLON                                               # assignStatement
    ;

elseIfBranch : ELSEIF expression THEN handlerStatement* ;

elseBranch : ELSE handlerStatement* ;

// ---------------------------------------------------------------------------------------------
// Queries

query : withClause? selectBlock (UNION ALL selectBlock)* orderByClause? limitClause? ;

withClause : WITH commonTableExpression (COMMA commonTableExpression)* ;

commonTableExpression : identifier AS LPAREN query RPAREN ;

selectBlock
    : SELECT DISTINCT? selectItem (COMMA selectItem)*
      FROM relation
      whereClause?
      deduplicateClause?
      groupByClause?
      havingClause?
    ;

selectItem
    : STAR                                                                     # starItem
    | identifier DOT STAR                                                      # qualifiedStarItem
    | expression (AS? identifier)?                                             # expressionItem
    ;

relation : relationPrimary joinClause* ;

joinClause : joinType? JOIN relationPrimary ON expression ;

joinType : INNER | LEFT (OUTER | SEMI)? | RIGHT OUTER? | FULL OUTER? ;

relationPrimary
    : identifier LPAREN tableFunctionInput (COMMA expression)* RPAREN
      (AS? identifier)?                                                        # tableFunctionRelation
    | identifier (AS? identifier)?                                             # namedRelation
    | LPAREN query RPAREN (AS? identifier)?                                     # subqueryRelation
    | LPAREN relation RPAREN                                                   # parenthesizedRelation
    ;

// Flink spells the input `TABLE bids` and the time column `DESCRIPTOR(ts)`; both spellings are
// accepted (`TABLE` is optional here, the builder reads `DESCRIPTOR(ts)` as the column `ts`).
tableFunctionInput : TABLE? identifier ;

whereClause : WHERE expression ;

deduplicateClause : DEDUPLICATE BY LPAREN expression (COMMA expression)* RPAREN (WITHIN WATERMARK)? ;

groupByClause : GROUP BY expression (COMMA expression)* ;

havingClause : HAVING expression ;

orderByClause : ORDER BY orderItem (COMMA orderItem)* ;

orderItem : expression (ASC | DESC)? (NULLS (FIRST | LAST))? ;

limitClause : LIMIT expression ;

// ---------------------------------------------------------------------------------------------
// Expressions, lowest precedence first. Binary levels are loops (left-associative).

expression : orExpression ;

orExpression : andExpression (OR andExpression)* ;

andExpression : notExpression (AND notExpression)* ;

notExpression : NOT notExpression | predicateExpression ;

// Comparisons and the SQL predicates share one level and associate to the left.
predicateExpression : concatExpression predicateTail* ;

predicateTail
    : comparisonOperator concatExpression                                      # comparisonTail
    | IS NOT? NULL_                                                            # isNullTail
    | NOT? IN LPAREN expression (COMMA expression)* RPAREN                     # inTail
    | NOT? BETWEEN concatExpression AND concatExpression                       # betweenTail
    | NOT? LIKE concatExpression                                               # likeTail
    ;

comparisonOperator : EQ | DOUBLE_EQ | NEQ | BANG_EQ | LT | LTE | GT | GTE ;

concatExpression : additiveExpression (CONCAT additiveExpression)* ;

additiveExpression : multiplicativeExpression ((PLUS | MINUS) multiplicativeExpression)* ;

multiplicativeExpression : unaryExpression ((STAR | SLASH | PERCENT) unaryExpression)* ;

unaryExpression : (MINUS | PLUS) unaryExpression | primaryExpression ;

primaryExpression
    : literal                                                                  # literalPrimary
    | (CAST | TRY_CAST) LPAREN expression AS typeName RPAREN                   # castPrimary
    | CASE expression? whenClause+ (ELSE expression)? END                      # casePrimary
    | EXTRACT LPAREN identifier FROM expression RPAREN                         # extractPrimary
    | CURRENT_TIMESTAMP (LPAREN RPAREN)?                                       # currentTimestampPrimary
    | identifier LPAREN callArguments? RPAREN filterClause?                    # callPrimary
    | qualifiedName                                                            # columnPrimary
    | LPAREN expression (COMMA expression)* RPAREN                             # parenthesizedPrimary
    ;

callArguments : STAR | DISTINCT? expression (COMMA expression)* ;

filterClause : FILTER LPAREN WHERE expression RPAREN ;

whenClause : WHEN expression THEN expression ;

qualifiedName : identifier (DOT identifier)* ;

literal
    : NULL_                                                                    # nullLiteral
    | (TRUE_ | FALSE_)                                                         # booleanLiteral
    | number                                                                   # numericLiteral
    | STRING                                                                   # stringLiteral
    | (TIMESTAMP | DATE) STRING                                                # typedLiteral
    | intervalLiteral                                                          # intervalLiteralAlt
    ;

number : INTEGER_VALUE | DECIMAL_VALUE | DOUBLE_VALUE ;

// `INTERVAL '10' SECOND`, `INTERVAL 10 SECONDS`, `INTERVAL '10 seconds'`. The unit is a plain word
// so that an unknown unit is an invalid-literal error rather than a syntax error.
intervalLiteral : INTERVAL (STRING | MINUS? number) identifier? ;

identifier : IDENTIFIER | QUOTED_IDENTIFIER | BACKQUOTED_IDENTIFIER | nonReserved ;

// Keywords that are also identifiers. Everything else in `tokens` is reserved.
nonReserved
    : ALL | APPEND | ASC | AVAILABLE | BY | CHECKPOINT | CLEAR | COMPLETE | CONTINUOUS | DATE | DESC
    | EACH | ELSEIF | EMIT | EMITS | EVENT | FILTER | FIRST | FOR | FORMAT | IF | INTO | KEY | LAST
    | MODE | NONE | NOW | NULLS | ONCE | OUTPUT | PROCESS | PROCESSING | ROW | ROWS | SEMI | SET
    | SINK | SOURCE | STATE | TABLE | TIME | TIMEOUT | TIMESTAMP | TRIGGER | UPDATE | VIEW
    | WATERMARK | WITHIN
    ;

// ---------------------------------------------------------------------------------------------
// Lexer

SEMICOLON : ';' ;
COMMA : ',' ;
DOT : '.' ;
LPAREN : '(' ;
RPAREN : ')' ;
LBRACE : '{' ;
RBRACE : '}' ;
EQ : '=' ;
DOUBLE_EQ : '==' ;
NEQ : '<>' ;
BANG_EQ : '!=' ;
LT : '<' ;
LTE : '<=' ;
GT : '>' ;
GTE : '>=' ;
PLUS : '+' ;
MINUS : '-' ;
STAR : '*' ;
SLASH : '/' ;
PERCENT : '%' ;
CONCAT : '||' ;

STRING : '\'' ( ~'\'' | '\'\'' )* '\'' ;

INTEGER_VALUE : DIGIT+ ;
DECIMAL_VALUE : DIGIT+ '.' DIGIT* | '.' DIGIT+ ;
DOUBLE_VALUE : (DIGIT+ ('.' DIGIT*)? | '.' DIGIT+) EXPONENT ;

IDENTIFIER : [a-zA-Z_] [a-zA-Z_0-9]* ;
QUOTED_IDENTIFIER : '"' ( ~'"' | '""' )* '"' ;
BACKQUOTED_IDENTIFIER : '`' ( ~'`' | '``' )* '`' ;

LINE_COMMENT : '--' ~[\r\n]* -> skip ;
BLOCK_COMMENT : '/*' .*? '*/' -> skip ;
WS : [ \t\r\n\f]+ -> skip ;

// Error tokens: never seen by the parser (hidden channel); the driver reports them as lexical
// errors. The unterminated forms match to the end of the input and lose to the terminated forms
// by longest match whenever the closing delimiter exists.
UNTERMINATED_STRING : '\'' ( ~'\'' | '\'\'' )* -> channel(HIDDEN) ;
UNTERMINATED_QUOTED_IDENTIFIER : ( '"' ( ~'"' | '""' )* | '`' ( ~'`' | '``' )* ) -> channel(HIDDEN) ;
UNTERMINATED_COMMENT : '/*' ( ~'*' | '*'+ ~[*/] )* '*'* -> channel(HIDDEN) ;
ERROR_CHARACTER : . -> channel(HIDDEN) ;

fragment DIGIT : [0-9] ;
fragment EXPONENT : [eE] [+-]? DIGIT+ ;
